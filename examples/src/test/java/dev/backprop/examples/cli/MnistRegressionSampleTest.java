package dev.backprop.examples.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mnist-regression} on the bundled sample, compared with the lesson's own numpy code run
 * on the same images ({@code reference/mnist_regression_sample.py}, 20 epochs): every epoch's
 * losses, the test loss and both accuracies.
 */
class MnistRegressionSampleTest {

    @TempDir
    Path dir;

    private static JsonObject reference() throws IOException {
        try (Reader r = new InputStreamReader(
                MnistRegressionSampleTest.class.getResourceAsStream("/reference/mnist-regression-sample.json"),
                StandardCharsets.UTF_8)) {
            return new Gson().fromJson(r, JsonObject.class);
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-9 * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void reproducesTheLessonsNumpyCodeOnTheSample() throws IOException {
        JsonObject ref = reference();
        int epochs = ref.get("epochs").getAsInt();
        Cli r = Cli.run("mnist-regression", "--sample", "--epochs", Integer.toString(epochs), "--quiet",
                "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());

        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals(epochs + 1, history.size());
        for (int e = 1; e <= epochs; e++) {
            String[] f = history.get(e).split(",");
            assertClose(ref.getAsJsonArray("train_loss").get(e - 1).getAsDouble(), Double.parseDouble(f[1]),
                    "train loss of epoch " + e);
            assertClose(ref.getAsJsonArray("validation_loss").get(e - 1).getAsDouble(), Double.parseDouble(f[2]),
                    "validation loss of epoch " + e);
        }
        double train = ref.getAsJsonArray("train_loss").get(epochs - 1).getAsDouble();
        double validation = ref.getAsJsonArray("validation_loss").get(epochs - 1).getAsDouble();
        assertTrue(r.out().contains(String.format(Locale.ROOT,
                "Train and validation loss of %.5f and %.5f, respectively%n", train, validation)), r.out());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "The test loss is %.5f%n",
                ref.get("test_loss").getAsDouble())), r.out());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "Train accuracy %.2f%%, test accuracy %.2f%%",
                100 * ref.get("train_accuracy").getAsDouble(), 100 * ref.get("test_accuracy").getAsDouble())), r.out());
        assertTrue(r.out().startsWith("Data: the bundled MNIST sample (6000 training, 1000 test images)"), r.out());
    }

    @Test
    void fallsBackToTheSampleInOneLineWhenFullMnistIsMissing() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Cli r = Cli.run("mnist-regression", "--data-dir", empty.toString(), "--epochs", "1", "--hidden", "2",
                "--quiet", "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.toString());
        String first = r.out().lines().findFirst().orElse("");
        assertEquals("Full MNIST not found in " + empty + ": running on the bundled sample (6000 training, 1000 test "
                + "images). Get the full set with --download (or see the README for the offline npm recipe).", first);
        assertNotNull(first);
    }
}
