package dev.backprop.examples.cli;

import dev.backprop.examples.figures.ConfusionMatrixFigure;
import dev.backprop.examples.figures.DigitGrid;
import dev.backprop.examples.figures.NetworkDiagram;
import dev.backprop.examples.io.HistoryCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.backprop.examples.PngAssert.assertPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every subcommand runs with tiny settings on the bundled sample and writes its figures (valid
 * PNGs of the expected size), its histories and its report.
 */
class CommandsTest {

    @TempDir
    Path dir;

    private Path run(String command, String... args) {
        Path out = dir.resolve(command);
        String[] all = new String[args.length + 3];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = out.toString();
        Cli r = Cli.run(all);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Wrote "), r.toString());
        return out;
    }

    private static void assertHistory(Path file, int epochs, boolean validation) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertEquals(HistoryCsv.HEADER, lines.get(0));
        assertEquals(epochs + 1, lines.size(), file.toString());
        for (int i = 1; i <= epochs; i++) {
            String[] f = lines.get(i).split(",", -1);
            assertEquals(Integer.toString(i), f[0]);
            assertTrue(Double.parseDouble(f[1]) > 0, lines.get(i));
            assertEquals(validation, !f[2].isEmpty(), lines.get(i));
        }
    }

    private static void assertReport(Path out, String... mustContain) throws IOException {
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("data:image/png;base64,"), "figures inline");
        for (String s : mustContain) {
            assertTrue(html.contains(s), "report contains '" + s + "'");
        }
    }

    private static void assertConfusion(Path file) throws IOException {
        BufferedImage image = assertPng(file);
        assertEquals(ConfusionMatrixFigure.width(2, 10), image.getWidth());
        // 10 rows, or 11 when some output rounds to 10
        assertTrue(image.getHeight() == ConfusionMatrixFigure.height(10)
                || image.getHeight() == ConfusionMatrixFigure.height(11), "height " + image.getHeight());
    }

    @Test
    void mnistRegression() throws IOException {
        Path out = run("mnist-regression", "--sample", "--epochs", "2", "--hidden", "4", "--quiet");
        assertHistory(out.resolve("history.csv"), 2, true);
        assertPng(out.resolve("loss.png"), 600, 400);
        assertConfusion(out.resolve("confusion.png"));
        assertPng(out.resolve("digits.png"), DigitGrid.width(10, 28), DigitGrid.height(10, 28, false));
        assertPng(out.resolve("predictions.png"), DigitGrid.width(5, 28), DigitGrid.height(10, 28, true));
        NetworkDiagram nn = new NetworkDiagram(new int[] {784, 4, 1}, 24);
        assertPng(out.resolve("network.png"), nn.width(), nn.height());
        assertReport(out, "backprop mnist-regression --sample --epochs 2", "Train and validation loss of");
    }

    @Test
    void perceptron() throws IOException {
        Path out = run("perceptron", "--epochs", "5", "--points", "10");
        assertHistory(out.resolve("history.csv"), 5, false);
        assertPng(out.resolve("loss.png"), 600, 400);
        assertPng(out.resolve("boundary.png"), 600, 600);
        NetworkDiagram nn = new NetworkDiagram(new int[] {2, 1}, 24);
        assertPng(out.resolve("network.png"), nn.width(), nn.height());
        assertReport(out, "accuracy");
    }

    @Test
    void frozenBias() throws IOException {
        Path out = run("frozen-bias", "--sample", "--epochs", "2", "--hidden", "4", "--quiet");
        assertHistory(out.resolve("history-baseline.csv"), 2, true);
        assertHistory(out.resolve("history-frozen-bias.csv"), 2, true);
        assertConfusion(out.resolve("confusion-baseline.png"));
        assertConfusion(out.resolve("confusion-frozen-bias.png"));
        assertPng(out.resolve("loss.png"), 1000, 500);
        assertReport(out, "Freezing b1 at zero");
    }

    @Test
    void initComparison() throws IOException {
        Path out = run("init-comparison", "--sample", "--epochs", "2", "--hidden", "4", "--quiet");
        for (String name : new String[] {"uniform-0.5-0.5", "uniform-0-1", "normal-0-1"}) {
            assertHistory(out.resolve("history-" + name + ".csv"), 2, true);
            assertConfusion(out.resolve("confusion-" + name + ".png"));
        }
        assertPng(out.resolve("loss.png"), 1000, 500);
        assertReport(out);
    }

    @Test
    void activations() throws IOException {
        Path out = run("activations", "--sample", "--epochs", "2", "--hidden", "4", "--quiet");
        assertPng(out.resolve("activations.png"), 1000, 380);
        for (String name : new String[] {"sigmoid", "tanh", "relu", "leaky-relu"}) {
            assertHistory(out.resolve("history-" + name + ".csv"), 2, true);
        }
        assertPng(out.resolve("loss.png"), 1000, 500);
        assertReport(out, "Learning rates: sigmoid 50 tanh 10 relu 10 leaky-relu 10");
    }

    @Test
    void optimizers() throws IOException {
        Path out = run("optimizers", "--sample", "--epochs", "1", "--hidden", "4", "--quiet");
        for (String name : new String[] {"sgd", "momentum", "adagrad", "adam"}) {
            assertHistory(out.resolve("history-" + name + ".csv"), 1, true);
        }
        assertPng(out.resolve("loss.png"), 1000, 500);
        assertReport(out, "time (s)");
    }

    @Test
    void aVariantThatDivergesInItsFirstEpochIsNamedInTheReportInsteadOfDrawn() throws IOException {
        // At this rate leaky ReLU's gradients overflow in the 4th mini-batch; the others saturate and carry on.
        Path out = run("activations", "--sample", "--epochs", "1", "--hidden", "4", "--batch-size", "64",
                "--lr", "1e308", "--quiet");
        assertEquals(List.of(HistoryCsv.HEADER), Files.readAllLines(out.resolve("history-leaky-relu.csv")),
                "no epoch finished");
        assertHistory(out.resolve("history-sigmoid.csv"), 1, true);
        assertPng(out.resolve("loss.png"), 1000, 500);
        assertReport(out, "leaky-relu   diverged: Training diverged at epoch 1,",
                "MNIST: hidden activation functions; diverged in the first epoch, so not drawn: leaky-relu (lr 1E+308)");
    }

    @Test
    void mnistClassifier() throws IOException {
        Path out = run("mnist-classifier", "--sample", "--epochs", "1", "--hidden", "8", "--quiet");
        assertHistory(out.resolve("history.csv"), 1, true);
        assertPng(out.resolve("loss.png"), 600, 400);
        assertConfusion(out.resolve("confusion.png"));
        assertPng(out.resolve("predictions.png"), DigitGrid.width(5, 28), DigitGrid.height(10, 28, true));
        NetworkDiagram nn = new NetworkDiagram(new int[] {784, 8, 10}, 24);
        assertPng(out.resolve("network.png"), nn.width(), nn.height());
        assertReport(out, "Test accuracy");
    }
}
