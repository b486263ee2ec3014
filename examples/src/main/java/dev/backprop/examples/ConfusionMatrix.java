package dev.backprop.examples;

import java.util.Locale;

/**
 * Counts of (predicted label, true label) pairs, laid out as the lesson's
 * {@code get_confusion_matrix}: row = predicted label, column = true label.
 *
 * <p>There is a column for each of the {@code classes} true labels and a row for each predicted
 * label from 0 up to the largest one seen (at least {@code classes} rows). A predicted label
 * outside the true classes, such as the lesson's rounding classifier answering 10 for an output
 * above 0.95, gets its own extra row and always counts as wrong.
 */
public final class ConfusionMatrix {

    private final int[][] counts;
    private final int classes;
    private final long total;
    private final long correct;

    private ConfusionMatrix(int[][] counts, int classes, long total, long correct) {
        this.counts = counts;
        this.classes = classes;
        this.total = total;
        this.correct = correct;
    }

    /**
     * Tallies {@code predicted[i]} against {@code truth[i]}; true labels must lie in
     * {@code [0, classes)}, predicted labels must be {@code >= 0}.
     */
    public static ConfusionMatrix of(int[] predicted, int[] truth, int classes) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + predicted.length
                    + " predictions for " + truth.length + " labels");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("Invalid number of classes: " + classes);
        }
        int rows = classes;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] < 0) {
                throw new IllegalArgumentException("Invalid predicted label " + predicted[i] + " at index " + i
                        + " (must be >= 0)");
            }
            if (truth[i] < 0 || truth[i] >= classes) {
                throw new IllegalArgumentException("Invalid true label " + truth[i] + " at index " + i
                        + " (must be in [0, " + classes + "))");
            }
            rows = Math.max(rows, predicted[i] + 1);
        }
        int[][] counts = new int[rows][classes];
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            counts[predicted[i]][truth[i]]++;
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return new ConfusionMatrix(counts, classes, predicted.length, correct);
    }

    /** Number of true classes (columns). */
    public int classes() {
        return classes;
    }

    /** Number of predicted-label rows: {@link #classes()} plus any out-of-range predictions. */
    public int rows() {
        return counts.length;
    }

    /** How many samples of true label {@code truth} were predicted as {@code predicted}. */
    public int count(int predicted, int truth) {
        return counts[predicted][truth];
    }

    /** The largest single count (for colour scaling). */
    public int max() {
        int m = 0;
        for (int[] row : counts) {
            for (int c : row) {
                m = Math.max(m, c);
            }
        }
        return m;
    }

    public long total() {
        return total;
    }

    /** Samples predicted outside the true classes (rows past {@link #classes()}). */
    public long outOfRange() {
        long n = 0;
        for (int r = classes; r < counts.length; r++) {
            for (int c : counts[r]) {
                n += c;
            }
        }
        return n;
    }

    /** Fraction of samples whose predicted label equals the true label (0 when empty). */
    public double accuracy() {
        return total == 0 ? 0.0 : (double) correct / total;
    }

    /** The matrix as a text table, rows = predicted label, columns = true label. */
    public String toTable() {
        int width = Math.max(3, String.valueOf(max()).length()) + 2;
        String rowHead = "predicted";
        StringBuilder sb = new StringBuilder();
        sb.append(" ".repeat(rowHead.length())).append("  true label\n");
        sb.append(rowHead);
        for (int c = 0; c < classes; c++) {
            sb.append(String.format(Locale.ROOT, "%" + width + "d", c));
        }
        sb.append('\n');
        for (int r = 0; r < counts.length; r++) {
            sb.append(String.format(Locale.ROOT, "%" + rowHead.length() + "d", r));
            for (int c = 0; c < classes; c++) {
                sb.append(String.format(Locale.ROOT, "%" + width + "d", counts[r][c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ConfusionMatrix(%d x %d, %d samples, accuracy %.4f)",
                counts.length, classes, total, accuracy());
    }
}
