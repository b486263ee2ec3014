package dev.backprop.examples.cli;

import dev.backprop.core.Tensor;
import dev.backprop.examples.ConfusionMatrix;
import dev.backprop.examples.Lesson;
import dev.backprop.examples.figures.ConfusionMatrixFigure;
import dev.backprop.examples.figures.DigitGrid;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The lesson's "pretend it is a classification" step for a trained regression network: the
 * rounding classifier on the training and test sets, their accuracy and confusion matrices,
 * printed as text tables and drawn side by side.
 */
record RegressionEvaluation(int[] trainPredicted, int[] testPredicted, ConfusionMatrix train, ConfusionMatrix test) {

    /** From the network's outputs {@code [n, 1]} on the training and test sets (computed once by the caller). */
    static RegressionEvaluation of(Tensor trainOutputs, Tensor testOutputs, Lesson.Data data) {
        int[] trainPredicted = Lesson.roundToDigits(trainOutputs);
        int[] testPredicted = Lesson.roundToDigits(testOutputs);
        return new RegressionEvaluation(trainPredicted, testPredicted,
                ConfusionMatrix.of(trainPredicted, data.train().labels(), Lesson.CLASSES),
                ConfusionMatrix.of(testPredicted, data.test().labels(), Lesson.CLASSES));
    }

    /** Prints accuracy and both confusion matrices. */
    void print(Run run) {
        run.printf("Train accuracy %.2f%%, test accuracy %.2f%% (rounding classifier: digit = round(10 * output))%n",
                100 * train.accuracy(), 100 * test.accuracy());
        run.println("Confusion matrix, train (rows: predicted label, columns: true label):");
        run.printf("%s", train.toTable());
        run.println("Confusion matrix, test:");
        run.printf("%s", test.toTable());
        if (train.outOfRange() + test.outOfRange() > 0) {
            run.printf("Row 10: %d train and %d test outputs above 0.95 round to 10, a label no digit has; "
                    + "they count as wrong.%n", train.outOfRange(), test.outOfRange());
        }
    }

    /** One line: accuracies. */
    String summary() {
        return String.format(java.util.Locale.ROOT, "train accuracy %.2f%%, test accuracy %.2f%%",
                100 * train.accuracy(), 100 * test.accuracy());
    }

    /** Writes the train | test confusion matrices figure. */
    void saveConfusion(Run run, String fileName, String caption) throws IOException {
        Path file = run.file(fileName);
        ConfusionMatrixFigure.save(file, train, test);
        run.figure(file, caption);
    }

    /** Writes the 5-per-class grid of test images titled with their predictions. */
    void savePredictions(Run run, Lesson.Data data) throws IOException {
        Path file = run.file("predictions.png");
        DigitGrid.savePredictions(file, data.xTest(), data.test().labels(), testPredicted, Lesson.CLASSES, 5);
        run.figure(file, "Test images, 5 per class, titled with the predicted digit (red when wrong)");
    }
}
