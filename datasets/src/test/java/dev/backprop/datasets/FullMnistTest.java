package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full MNIST from the folder named by {@code BACKPROP_DATA} ({@code .ci/run} fetches it and sets
 * the variable). Without the data these tests are skipped with the reason, except on CI
 * ({@code CI=true}), where missing data is a failure. Expected values from numpy
 * ({@code src/test/python/reference_values.py}, {@code numpy-legacy-random.json}).
 */
class FullMnistTest {

    static TrainTestData mnist;
    static Split split;

    /**
     * The folder with full MNIST, or the calling test is skipped (failed on CI) with the reason,
     * which is also printed once so that it shows in a quiet build.
     */
    static Path fullMnistDirectory() {
        String env = System.getenv(Mnist.ENVIRONMENT_VARIABLE);
        Path dir = env == null || env.isBlank() ? null : Path.of(env.strip());
        if (dir != null && Mnist.isPresent(dir)) {
            return dir;
        }
        String why = dir == null ? "BACKPROP_DATA is not set"
                : "BACKPROP_DATA=" + dir + " does not hold the four MNIST files";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but full MNIST is missing: " + why + " (.ci/run fetches it and sets BACKPROP_DATA)");
        }
        String reason = "Full-MNIST tests skipped: " + why
                + "; point BACKPROP_DATA at a folder with the four MNIST files to run them";
        if (!skipReported) {
            skipReported = true;
            System.err.println("[SKIPPED] " + reason);
        }
        Assumptions.abort(reason);
        return null;
    }

    private static boolean skipReported;

    /** Per test, not per class, so that a skip is counted and reported for each test. */
    @BeforeEach
    void load() {
        if (mnist == null) {
            mnist = Mnist.load(fullMnistDirectory());
            split = mnist.train().split(0.2, new RandomState(7));
        }
    }

    @Test
    void checksumsPassAndSizesAreMnists() {
        assertEquals("MNIST", mnist.name());
        assertEquals(60000, mnist.train().size());
        assertEquals(10000, mnist.test().size());
        assertEquals(784, mnist.train().features());
    }

    @Test
    void labelCountsPerDigit() {
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                mnist.train().labelCounts());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, mnist.test().labelCounts());
    }

    @Test
    void seed7SplitIsNumpys() {
        assertEquals(48000, split.train().size());
        assertEquals(12000, split.validation().size());
        // np.random.seed(7); p = np.random.permutation(60000): p[:20], p[-5:], sum(i * p[i])
        int[] p = new int[60000];
        System.arraycopy(split.validationIndices(), 0, p, 0, 12000);
        System.arraycopy(split.trainIndices(), 0, p, 12000, 48000);
        assertArrayEquals(new int[] {25170, 10935, 43596, 13970, 24883, 7581, 1712, 3004, 12834, 50176, 33277, 8765,
            37310, 35040, 52302, 58820, 57394, 39663, 49620, 49571}, Arrays.copyOf(p, 20));
        assertArrayEquals(new int[] {53459, 38467, 10742, 49689, 58564}, Arrays.copyOfRange(p, 59995, 60000));
        long weighted = 0;
        for (int i = 0; i < p.length; i++) {
            weighted += (long) i * p[i];
        }
        assertEquals(53971253006874L, weighted);
        for (int i = 0; i < 12000; i++) {
            assertEquals(mnist.train().label(p[i]), split.validation().label(i));
        }
        for (int i = 0; i < 48000; i++) {
            assertEquals(mnist.train().label(p[12000 + i]), split.train().label(i));
        }
        assertEquals(mnist.train().subset(Arrays.copyOfRange(p, 12100, 12200)), split.train().slice(100, 200));
    }

    @Test
    void lessonPreprocessingIsNumpysBitForBitAndRowsHaveMean0Std1() {
        assertStandardized(split.train(), "fd88d7771cb493b1fe82767feeb427d6fef73c102da301fd351db0edc91700fe",
                "-0x1.915ae9694ad4fp-2", "-0x1.a4d3f39543747p-2");
        assertStandardized(split.validation(), "25a2bd0698dc3b3a08963e59d7d21b2b4b4c3ad9a89f7a5fe98c70e3e85f7fab",
                "-0x1.d8dcdf841b9f3p-2", "-0x1.88cc9017a6f2bp-2");
        assertStandardized(mnist.test(), "3b2c8fe92799992e2bc93347c50880ba409de5071c8b612d88a9c440633682b9",
                "-0x1.6d4ef3828b187p-2", "-0x1.1d64012ae2734p-1");
        assertEquals(21346.7, Targets.scaled(split.train().labels(), 10.0).sum(), 1e-8);
    }

    /** Standardizes in chunks of rows (bounded memory), checking every row and the digest of all values. */
    private static void assertStandardized(LabeledImages set, String sha256, String first350, String last783) {
        DoubleDigest digest = new DoubleDigest();
        int chunk = 4000;
        for (int from = 0; from < set.size(); from += chunk) {
            int to = Math.min(set.size(), from + chunk);
            Tensor x = Preprocessing.standardizePerSampleInPlace(set.images(from, to));
            double[] d = x.data();
            for (int r = 0; r < to - from; r++) {
                double sum = 0;
                for (int j = 0; j < 784; j++) {
                    sum += d[r * 784 + j];
                }
                double mean = sum / 784;
                double squares = 0;
                for (int j = 0; j < 784; j++) {
                    squares += (d[r * 784 + j] - mean) * (d[r * 784 + j] - mean);
                }
                double std = Math.sqrt(squares / 784);
                if (Math.abs(mean) > 1e-12 || Math.abs(std - 1) > 1e-12) {
                    fail("row " + (from + r) + ": mean " + mean + ", std " + std);
                }
            }
            if (from == 0) {
                assertEquals(Double.parseDouble(first350), x.get(0, 350), 0.0);
            }
            if (to == set.size()) {
                assertEquals(Double.parseDouble(last783), x.get(to - from - 1, 783), 0.0);
            }
            digest.update(x);
        }
        assertEquals(sha256, digest.hex());
    }

    @Test
    void theBundledSampleIsTheFirstImagesAndRegeneratesByteForByte(@TempDir Path out) throws IOException {
        TrainTestData sample = Mnist.sample();
        assertEquals(mnist.train().slice(0, Mnist.SAMPLE_TRAIN_SIZE), sample.train());
        assertEquals(mnist.test().slice(0, Mnist.SAMPLE_TEST_SIZE), sample.test());
        assertEquals(Mnist.SAMPLE_SHA256, SampleGenerator.generate(mnist, out));
        for (String name : Mnist.FILES) {
            try (InputStream bundled = Mnist.class.getResourceAsStream("mnist-sample/" + name + ".gz")) {
                assertTrue(Arrays.equals(bundled.readAllBytes(), Files.readAllBytes(out.resolve(name + ".gz"))),
                        name + ".gz regenerated differs from the bundled one");
            }
        }
    }
}
