package dev.backprop.examples.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void fallsBackToTheSampleInOneLineWhenTheDefaultFolderHasNoMnist() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        List<String> said = new ArrayList<>();
        MnistSource.Loaded loaded = MnistSource.load(spec(), new DataOptions(), said::add, empty);
        assertEquals(List.of("Full MNIST not found in " + empty + ": running on the bundled sample (6000 training, "
                + "1000 test images). Get the full set with --download (or see the README for the offline npm recipe)."),
                said);
        assertEquals(6000, loaded.data().train().size());
        assertEquals(1000, loaded.data().test().size());
    }

    @Test
    void anExplicitDataDirWithoutMnistIsAUsageError() throws IOException {
        Path partial = Files.createDirectory(dir.resolve("partial"));
        Files.writeString(partial.resolve("train-images-idx3-ubyte.gz"), "");
        Files.writeString(partial.resolve("t10k-labels-idx1-ubyte"), "");
        String help = "; get MNIST with --download or the README's offline npm recipe, or use --sample for the "
                + "bundled sample)";
        for (String command : new String[] {"mnist-regression", "bench"}) {
            Cli r = Cli.run(command, "--data-dir", partial.toString(), "--epochs", "1", "--threads", "1");
            assertUsageError(r, command, "Invalid value for option '--data-dir': " + partial + " (no MNIST there: missing "
                    + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte (raw or .gz)" + help);
        }
        Path missing = dir.resolve("missing");
        assertUsageError(Cli.run("mnist-classifier", "--data-dir", missing.toString()), "mnist-classifier",
                "Invalid value for option '--data-dir': " + missing + " (no MNIST there: the folder does not exist" + help);
    }

    private static void assertUsageError(Cli r, String command, String message) {
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(message, r.firstErrorLine(), r.toString());
        assertTrue(r.err().contains("Usage: backprop " + command), r.toString());
        assertFalse(r.out().contains("bundled sample"), "no fallback\n" + r);
    }

    private static CommandSpec spec() {
        return new CommandLine(new MnistRegressionCommand()).getCommandSpec();
    }
}
