package dev.backprop.core;

import java.util.Arrays;

/**
 * Softmax followed by cross-entropy, fused, on logits {@code z} of shape {@code [n, c]}:
 * <pre>
 *   L = 1/n * sum_i [ logsumexp(z_i) - sum_k t_ik z_ik ]
 *   dL/dz_i = (softmax(z_i) - t_i) / n
 * </pre>
 * The targets {@code t} are either one-hot (or any probability rows) of shape {@code [n, c]},
 * or class indices of shape {@code [n]} or {@code [n, 1]} (a {@code [n, 1]} target always means
 * indices, so with a single class give indices). Probability rows need finite, non-negative
 * entries summing to 1 within 1e-6: the gradient above assumes {@code sum_k t_ik = 1}.
 * logsumexp subtracts the row maximum first, so large logits never overflow. Fusing the two is
 * what makes the gradient this simple and stable; the model's last layer therefore outputs
 * logits, not probabilities.
 */
public final class SoftmaxCrossEntropy implements Loss {

    /** How far from 1 a probability row of the targets may sum: rounding, not a wrong row. */
    private static final double ROW_SUM_TOLERANCE = 1e-6;

    /** The loss; it has no settings. */
    public SoftmaxCrossEntropy() {
    }

    @Override
    public double value(Tensor logits, Tensor target) {
        double[] t = oneHot(logits, target);
        int n = logits.dim(0);
        int c = logits.dim(1);
        double[] z = logits.values();
        double s = 0;
        for (int i = 0, o = 0; i < n; i++, o += c) {
            double lse = logSumExp(z, o, c);
            for (int k = 0; k < c; k++) {
                if (t[o + k] != 0) {
                    s += t[o + k] * (lse - z[o + k]);
                }
            }
        }
        return s / n;
    }

    @Override
    public Tensor gradient(Tensor logits, Tensor target) {
        double[] t = oneHot(logits, target);
        int n = logits.dim(0);
        int c = logits.dim(1);
        double[] z = logits.values();
        Tensor g = Tensor.zeros(n, c);
        double[] out = g.data();
        for (int i = 0, o = 0; i < n; i++, o += c) {
            double lse = logSumExp(z, o, c);
            for (int k = 0; k < c; k++) {
                out[o + k] = (Math.exp(z[o + k] - lse) - t[o + k]) / n;
            }
        }
        return g;
    }

    /** Row-wise softmax of logits {@code [n, c]}, each row summing to 1. */
    public static Tensor softmax(Tensor logits) {
        requireLogits(logits);
        int n = logits.dim(0);
        int c = logits.dim(1);
        double[] z = logits.values();
        Tensor p = Tensor.zeros(n, c);
        double[] out = p.data();
        for (int i = 0, o = 0; i < n; i++, o += c) {
            double lse = logSumExp(z, o, c);
            for (int k = 0; k < c; k++) {
                out[o + k] = Math.exp(z[o + k] - lse);
            }
        }
        return p;
    }

    private static double logSumExp(double[] z, int offset, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            max = Math.max(max, z[offset + k]);
        }
        double s = 0;
        for (int k = 0; k < c; k++) {
            s += Math.exp(z[offset + k] - max);
        }
        return max + Math.log(s);
    }

    private static void requireLogits(Tensor logits) {
        Tensor.requireNonNull("SoftmaxCrossEntropy", "logits", logits);
        if (logits.rank() != 2 || logits.dim(1) < 1) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: expected logits [n, classes], got "
                    + Arrays.toString(logits.shape()));
        }
    }

    /** The targets as dense rows {@code [n, c]}, from one-hot rows or class indices. */
    private static double[] oneHot(Tensor logits, Tensor target) {
        requireLogits(logits);
        Tensor.requireNonNull("SoftmaxCrossEntropy", "target", target);
        int n = logits.dim(0);
        int c = logits.dim(1);
        if (target.rank() == 2 && target.dim(1) == c && c > 1) {
            Tensor.requireSameShape("SoftmaxCrossEntropy", logits, target);
            requireProbabilityRows(target.values(), n, c);
            return target.values();
        }
        boolean indices = (target.rank() == 1 && target.dim(0) == n)
                || (target.rank() == 2 && target.dim(0) == n && target.dim(1) == 1);
        if (!indices) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: logits " + Arrays.toString(logits.shape())
                    + " vs target " + Arrays.toString(target.shape())
                    + " (expected one-hot [n, c] or class indices [n])");
        }
        double[] out = new double[n * c];
        double[] y = target.values();
        for (int i = 0; i < n; i++) {
            double v = y[i];
            if (v != Math.rint(v) || v < 0 || v >= c) {
                throw new IllegalArgumentException("SoftmaxCrossEntropy: target " + v + " at row " + i
                        + " is not a class index in [0, " + c + ")");
            }
            out[i * c + (int) v] = 1.0;
        }
        return out;
    }

    /** Throws unless each row of {@code t} is finite, non-negative and sums to 1 (within the tolerance). */
    private static void requireProbabilityRows(double[] t, int n, int c) {
        for (int i = 0, o = 0; i < n; i++, o += c) {
            double sum = 0;
            for (int k = 0; k < c; k++) {
                double v = t[o + k];
                if (!(Double.isFinite(v) && v >= 0)) {
                    throw new IllegalArgumentException("SoftmaxCrossEntropy: target " + v + " at row " + i + ", column "
                            + k + " is not a probability (expected finite and >= 0)");
                }
                sum += v;
            }
            if (!(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
                throw new IllegalArgumentException("SoftmaxCrossEntropy: target row " + i + " sums to " + sum
                        + " (expected probabilities summing to 1, within " + ROW_SUM_TOLERANCE + ")");
            }
        }
    }

    /** A mean over rows (the 1/n of its formula). */
    @Override
    public boolean isMeanOverRows() {
        return true;
    }

    @Override
    public String toString() {
        return "SoftmaxCrossEntropy(logits)";
    }
}
