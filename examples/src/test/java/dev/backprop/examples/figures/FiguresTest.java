package dev.backprop.examples.figures;

import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import dev.backprop.examples.ConfusionMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.backprop.examples.PngAssert.assertPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiguresTest {

    @TempDir
    Path dir;

    @Test
    void lossCurvesLinearAndLogarithmic() throws IOException {
        double[] train = new double[50];
        double[] validation = new double[50];
        for (int i = 0; i < 50; i++) {
            train[i] = 0.05 * Math.exp(-i / 10.0) + 0.006;
            validation[i] = train[i] + 0.001;
        }
        LineChart chart = LineChart.lossCurves("MNIST", "Loss (MSE)")
                .epochs("validation", validation).epochs("training", train);
        chart.save(dir.resolve("loss.png"), 600, 400);
        assertPng(dir.resolve("loss.png"), 600, 400);
        chart.logY(true).save(dir.resolve("loss-log.png"), 640, 480);
        assertPng(dir.resolve("loss-log.png"), 640, 480);
    }

    @Test
    void lineChartRejectsBadSeries() {
        assertEquals("Series 'a': 2 x values but 1 y values", assertThrows(IllegalArgumentException.class,
                () -> new LineChart("t", "x", "y").series("a", new double[2], new double[1])).getMessage());
        assertEquals("Duplicate series name: 'a'", assertThrows(IllegalArgumentException.class,
                () -> new LineChart("t", "x", "y").epochs("a", new double[1]).epochs("a", new double[1])).getMessage());
        assertEquals("Series 'a' has value 0.0, which a logarithmic axis cannot show",
                assertThrows(IllegalArgumentException.class, () -> new LineChart("t", "x", "y")
                        .epochs("a", new double[] {1, 0}).logY(true).render(100, 100)).getMessage());
    }

    @Test
    void seriesWithoutPointsAreLeftOutAsAreInfiniteValues() {
        double[] a = {0.3, 0.2, 0.1};
        BufferedImage expected = LineChart.lossCurves("t", "y")
                .epochs("a", a).epochs("b", new double[] {0.4, 0.35}, 2, true).render(300, 200);
        LineChart withGaps = LineChart.lossCurves("t", "y")
                .epochs("a", a)
                .epochs("diverged in epoch 1", new double[0], 1, false)
                .epochs("no validation", new double[] {Double.NaN, Double.NaN}, 1, true)
                .epochs("b", new double[] {0.4, 0.35, Double.POSITIVE_INFINITY}, 2, true);
        assertSameImage(expected, withGaps.render(300, 200));
        assertEquals(300, withGaps.logY(true).render(300, 200).getWidth());
        BufferedImage empty = LineChart.lossCurves("t", "y").epochs("diverged", new double[0]).render(300, 200);
        assertEquals(300, empty.getWidth());
    }

    private static void assertSameImage(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void epochAxesLabelOnlyWholeEpochs() {
        assertEquals("2", LineChart.xTick(2.0, true));
        assertEquals(" ", LineChart.xTick(1.2, true), "epoch 1.2 means nothing");
        assertEquals("1.2", LineChart.xTick(1.2, false), "other x axes keep their fractions");
        assertEquals("250", LineChart.xTick(250.0, true));
        assertEquals("1", LineChart.xTick(1.0000000000000002, true), "a whole epoch with rounding in it");
        assertEquals("1", LineChart.xTick(1 - 2e-4, true), "the first point, moved 2e-4 left by render");
        for (int epochs = 2; epochs <= 4; epochs++) {   // ticks at 1.2, 1.4, ... must still draw
            assertTrue(LineChart.lossCurves("t", "loss").epochs("a", new double[epochs]).render(400, 300).getWidth() > 0);
        }
    }

    @Test
    void confusionMatricesSideBySideWithAnExtraRowForPredictionTen() throws IOException {
        RandomState r = new RandomState(1);
        int n = 500;
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = (int) r.randint(0, 10);
            predicted[i] = Math.min(10, Math.max(0, truth[i] + (int) r.randint(-1, 2)));
        }
        ConfusionMatrix train = ConfusionMatrix.of(predicted, truth, 10);
        ConfusionMatrix test = ConfusionMatrix.of(truth, truth, 10);
        Path file = dir.resolve("confusion.png");
        ConfusionMatrixFigure.save(file, train, test);
        assertPng(file, ConfusionMatrixFigure.width(2, 10), ConfusionMatrixFigure.height(train.rows()));
        assertEquals("Train | Accuracy : 85.12%", ConfusionMatrixFigure.title("Train", 0.85123));
    }

    @Test
    void digitAndPredictionGrids() throws IOException {
        RandomState r = new RandomState(2);
        int n = 120;
        Tensor images = r.rand(n, 784);
        int[] labels = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            predicted[i] = i % 7 == 0 ? (labels[i] + 1) % 10 : labels[i];
        }
        Path samples = dir.resolve("digits.png");
        DigitGrid.saveSamples(samples, images, labels, 10, 10);
        assertPng(samples, DigitGrid.width(10, 28), DigitGrid.height(10, 28, false));
        Path predictions = dir.resolve("predictions.png");
        DigitGrid.savePredictions(predictions, images, labels, predicted, 10, 5);
        assertPng(predictions, DigitGrid.width(5, 28), DigitGrid.height(10, 28, true));
        assertEquals("DigitGrid: rows of 783 values are not square images", assertThrows(IllegalArgumentException.class,
                () -> DigitGrid.samples(Tensor.zeros(1, 783), new int[1], 10, 10)).getMessage());
    }

    @Test
    void networkDiagramsSmallAndCut() throws IOException {
        NetworkDiagram small = new NetworkDiagram(new int[] {5, 4, 1}, 20);
        small.save(dir.resolve("nn.png"));
        assertPng(dir.resolve("nn.png"), small.width(), small.height());
        NetworkDiagram big = new NetworkDiagram(new int[] {784, 21, 1}, 20);
        BufferedImage image = big.render();
        assertTrue(image.getHeight() <= 800, "a 784-input network stays a readable size");
        assertEquals("Invalid layer sizes [5] (need at least an input and an output layer)",
                assertThrows(IllegalArgumentException.class, () -> new NetworkDiagram(new int[] {5}, 20)).getMessage());
        int[] deep = new int[NetworkDiagram.MAX_LAYERS + 1];
        java.util.Arrays.fill(deep, 3);
        assertEquals("Invalid layer sizes: 21 layers (at most 20 are drawn)",
                assertThrows(IllegalArgumentException.class, () -> new NetworkDiagram(deep, 20)).getMessage());
        java.util.Arrays.fill(deep, 0, NetworkDiagram.MAX_LAYERS, 3);
        NetworkDiagram deepest = new NetworkDiagram(java.util.Arrays.copyOf(deep, NetworkDiagram.MAX_LAYERS), 20);
        assertEquals(4455, deepest.width());
    }

    @Test
    void writesLeaveNoTemporaryFiles() throws IOException {
        new NetworkDiagram(new int[] {2, 1}, 4).save(dir.resolve("a.png"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
