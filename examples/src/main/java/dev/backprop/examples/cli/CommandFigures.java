package dev.backprop.examples.cli;

import dev.backprop.examples.Lesson;
import dev.backprop.examples.figures.DigitGrid;
import dev.backprop.examples.figures.LineChart;
import dev.backprop.examples.figures.NetworkDiagram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The figures the training commands share, written into the run's folder and its report. */
final class CommandFigures {

    /** The lesson's figure size, 6 x 4 inches at 100 dpi. */
    static final int WIDTH = 600;
    static final int HEIGHT = 400;

    private CommandFigures() {
    }

    /** The lesson's loss figure: validation and training loss per epoch. */
    static void loss(Run run, String title, String yLabel, boolean logY, Training.Result result) throws IOException {
        Path file = run.file("loss.png");
        LineChart.lossCurves(title, yLabel)
                .epochs("validation", result.validationLoss())
                .epochs("training", result.trainLoss())
                .logY(logY)
                .save(file, WIDTH, HEIGHT);
        run.figure(file, "Training and validation loss per epoch");
    }

    /**
     * Several runs' validation curves on one plot, each with its training curve dashed in the same
     * colour if asked. A run that diverged is marked in the legend; one that diverged in its
     * first epoch has no curve at all, so the caption names it.
     */
    static void comparison(Run run, String fileName, String title, String yLabel, boolean logY,
                           Map<String, Variant> variants, boolean withTraining) throws IOException {
        Path file = run.file(fileName);
        LineChart chart = LineChart.lossCurves(title, yLabel).logY(logY);
        List<String> notDrawn = new ArrayList<>();
        int colour = 0;
        for (var e : variants.entrySet()) {
            Training.Result result = e.getValue().result();
            String mark = e.getValue().diverged() ? " (diverged)" : "";
            if (result.trainLoss().length == 0) {
                notDrawn.add(e.getKey());
            }
            chart.epochs(e.getKey() + (withTraining ? " validation" : "") + mark, result.validationLoss(), colour, false);
            if (withTraining) {
                chart.epochs(e.getKey() + " training" + mark, result.trainLoss(), colour, true);
            }
            colour++;
        }
        chart.save(file, 2 * WIDTH - 200, HEIGHT + 100);
        run.figure(file, notDrawn.isEmpty() ? title
                : title + "; diverged in the first epoch, so not drawn: " + String.join(", ", notDrawn));
    }

    /**
     * The lesson's look at the data: the first 10 training images of each digit, drawn from the
     * standardized rows in place (each image is scaled to its own range, so they look as the raw pixels do).
     */
    static void digits(Run run, Lesson.Data data) throws IOException {
        Path file = run.file("digits.png");
        DigitGrid.saveSamples(file, data.xTrain(), data.train().labels(), Lesson.CLASSES, 10);
        run.figure(file, "The first 10 training images of each digit");
    }

    /** The network, drawn like the lesson's plot_nn. */
    static void network(Run run, int... sizes) throws IOException {
        Path file = run.file("network.png");
        new NetworkDiagram(sizes, 24).save(file);
        run.figure(file, "The network");
    }

    /** A number as short as it reads: 50, 0.05, 1e-08. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toString().replace("E-", "e-");
    }
}
