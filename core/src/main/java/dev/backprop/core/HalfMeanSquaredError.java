package dev.backprop.core;

/**
 * The lesson's mean squared error, with its factor 1/2:
 * <pre>
 *   L     = 1/(2N) * sum_i (yhat_i - y_i)^2
 *   dL/dyhat_i = (yhat_i - y_i) / N
 * </pre>
 * where the sums run over all N elements (for the lesson's {@code [n, 1]} output, N = n, the
 * batch size). The 1/2 cancels the 2 of the derivative; it is in the name because PyTorch's
 * {@code MSELoss} has no 1/2 and gives twice this value.
 */
public final class HalfMeanSquaredError implements Loss {

    /** The loss; it has no settings. */
    public HalfMeanSquaredError() {
    }

    @Override
    public double value(Tensor prediction, Tensor target) {
        Tensor.requireSameShape("HalfMeanSquaredError", "prediction", prediction, "target", target);
        double[] p = prediction.values();
        double[] y = target.values();
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - y[i];
            s += d * d;
        }
        return 0.5 * s / p.length;
    }

    @Override
    public Tensor gradient(Tensor prediction, Tensor target) {
        Tensor.requireSameShape("HalfMeanSquaredError", "prediction", prediction, "target", target);
        return prediction.sub(target).mulInPlace(1.0 / prediction.size());
    }

    /** A mean over all elements, so over rows of equal width too. */
    @Override
    public boolean isMeanOverRows() {
        return true;
    }

    @Override
    public String toString() {
        return "HalfMeanSquaredError(L = 1/(2N) sum (yhat - y)^2)";
    }
}
