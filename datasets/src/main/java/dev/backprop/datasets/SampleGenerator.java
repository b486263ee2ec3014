package dev.backprop.datasets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes the MNIST sample bundled in this jar ({@link Mnist#sample()}) from the full, verified
 * MNIST files: the first {@value Mnist#SAMPLE_TRAIN_SIZE} training and the first
 * {@value Mnist#SAMPLE_TEST_SIZE} test images with their labels, written as the four standard
 * gzip IDX files.
 *
 * <p>Rerunnable with identical bytes: the subset is fixed (no randomness), and
 * {@link Idx#encodeGzip} writes gzip at a fixed level with a fixed header (modification time 0),
 * so the same JDK (and zlib) reproduces the committed files byte for byte; a test checks this
 * whenever full MNIST is available. To regenerate, from the repository root:
 * <pre>
 *   mvn -B -q -pl core,datasets -am compile
 *   java -p core/target/classes:datasets/target/classes:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *        -m dev.backprop.datasets/dev.backprop.datasets.SampleGenerator \
 *        /root/.cache/backprop/mnist datasets/src/main/resources/dev/backprop/datasets/mnist-sample
 * </pre>
 * It prints the SHA-256 of each file's decompressed bytes; they must equal
 * {@code Mnist.SAMPLE_SHA256}, which {@link Mnist#sample()} checks on every load.
 */
public final class SampleGenerator {

    private SampleGenerator() {
    }

    /**
     * Writes the sample of {@code full} (which must hold at least the sample's sizes) into
     * {@code outputDir} and returns the SHA-256 of each file's decompressed bytes, by file name.
     */
    public static Map<String, String> generate(TrainTestData full, Path outputDir) {
        if (full.train().size() < Mnist.SAMPLE_TRAIN_SIZE || full.test().size() < Mnist.SAMPLE_TEST_SIZE) {
            throw new IllegalArgumentException("Need at least " + Mnist.SAMPLE_TRAIN_SIZE + " training and "
                    + Mnist.SAMPLE_TEST_SIZE + " test images, got " + full);
        }
        LabeledImages train = full.train().slice(0, Mnist.SAMPLE_TRAIN_SIZE);
        LabeledImages test = full.test().slice(0, Mnist.SAMPLE_TEST_SIZE);
        Map<String, IdxArray> files = new LinkedHashMap<>();
        files.put(MnistFormat.TRAIN_IMAGES, train.imagesIdx());
        files.put(MnistFormat.TRAIN_LABELS, train.labelsIdx());
        files.put(MnistFormat.TEST_IMAGES, test.imagesIdx());
        files.put(MnistFormat.TEST_LABELS, test.labelsIdx());
        Map<String, String> sha256 = new LinkedHashMap<>();
        for (Map.Entry<String, IdxArray> e : files.entrySet()) {
            Idx.write(outputDir.resolve(e.getKey() + ".gz"), e.getValue(), true);
            sha256.put(e.getKey(), Sha256.hex(Idx.encode(e.getValue())));
        }
        return sha256;
    }

    /**
     * {@code SampleGenerator [mnistDir [outputDir]]}: mnistDir defaults to
     * {@link Mnist#defaultDirectory()}, outputDir to the resource folder of this module
     * (run from the repository root). Prints the checksums, as a command-line tool.
     */
    public static void main(String[] args) {
        if (args.length > 2) {
            throw new IllegalArgumentException("Usage: SampleGenerator [mnistDir [outputDir]]");
        }
        Path source = args.length > 0 ? Path.of(args[0]) : Mnist.defaultDirectory();
        Path output = args.length > 1 ? Path.of(args[1])
                : Path.of("datasets", "src", "main", "resources", "dev", "backprop", "datasets", Mnist.SAMPLE_FOLDER);
        Map<String, String> sha256 = generate(Mnist.load(source), output);
        System.out.println("Wrote the MNIST sample into " + output.toAbsolutePath()
                + "; SHA-256 of the decompressed files (Mnist.SAMPLE_SHA256):");
        sha256.forEach((name, hex) -> System.out.println(hex + "  " + name));
    }
}
