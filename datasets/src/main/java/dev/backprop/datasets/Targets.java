package dev.backprop.datasets;

import dev.backprop.core.Tensor;

/**
 * Training targets made from integer labels: the lesson's regression target
 * {@code y / 10.0} and one-hot vectors for classification.
 */
public final class Targets {

    private Targets() {
    }

    /**
     * {@code labels[i] / divisor} as a column {@code [n, 1]}: with divisor 10 the lesson's
     * {@code Y = y / 10.0}, digits brought into the sigmoid's range (0, 1).
     */
    public static Tensor scaled(int[] labels, double divisor) {
        if (divisor == 0.0 || !Double.isFinite(divisor)) {
            throw new IllegalArgumentException("Invalid divisor: " + divisor + " (must be finite and non-zero)");
        }
        double[] d = new double[labels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = labels[i] / divisor;
        }
        return Tensor.wrap(d, labels.length, 1);
    }

    /**
     * One-hot rows {@code [n, classes]}: row {@code i} is 1 at column {@code labels[i]}, 0 elsewhere.
     *
     * @throws IllegalArgumentException if a label is outside {@code 0..classes-1}, naming it
     */
    public static Tensor oneHot(int[] labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("Invalid number of classes: " + classes + " (must be >= 1)");
        }
        Tensor t = Tensor.zeros(labels.length, classes);
        double[] d = t.data();
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("oneHot: label " + c + " at index " + i + " is outside 0.."
                        + (classes - 1));
            }
            d[i * classes + c] = 1.0;
        }
        return t;
    }
}
