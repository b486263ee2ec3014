package dev.backprop.core;

/**
 * Binary cross-entropy for probabilities (a sigmoid output):
 * <pre>
 *   L = -1/N * sum_i [ y_i log(p_i) + (1 - y_i) log(1 - p_i) ]
 *   dL/dp_i = (p_i - y_i) / (p_i (1 - p_i)) / N
 * </pre>
 * Predictions are clamped to [eps, 1 - eps] (eps = 1e-12) so that log(0) never happens; a
 * prediction or a target outside [0, 1] (or NaN) is rejected.
 */
public final class BinaryCrossEntropy implements Loss {

    static final double EPS = 1e-12;

    /** The loss; it has no settings (eps is fixed at 1e-12). */
    public BinaryCrossEntropy() {
    }

    @Override
    public double value(Tensor prediction, Tensor target) {
        Tensor.requireSameShape("BinaryCrossEntropy", "prediction", prediction, "target", target);
        double[] p = prediction.values();
        double[] y = target.values();
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double q = clamp(p[i], i);
            double t = probability(y[i], i);
            s -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
        }
        return s / p.length;
    }

    @Override
    public Tensor gradient(Tensor prediction, Tensor target) {
        Tensor.requireSameShape("BinaryCrossEntropy", "prediction", prediction, "target", target);
        double[] p = prediction.values();
        double[] y = target.values();
        Tensor g = Tensor.zeros(prediction.shape());
        double[] out = g.data();
        for (int i = 0; i < p.length; i++) {
            double q = clamp(p[i], i);
            out[i] = (q - probability(y[i], i)) / (q * (1 - q)) / p.length;
        }
        return g;
    }

    private static double clamp(double p, int index) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("BinaryCrossEntropy: prediction " + p + " at index "
                    + index + " is not a probability in [0, 1]");
        }
        return Math.min(Math.max(p, EPS), 1 - EPS);
    }

    /** The target {@code y}, checked: outside [0, 1] the loss is no cross-entropy (and can go negative). */
    private static double probability(double y, int index) {
        if (!(y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("BinaryCrossEntropy: target " + y + " at index "
                    + index + " is not a probability in [0, 1]");
        }
        return y;
    }

    /** A mean over all elements, so over rows of equal width too. */
    @Override
    public boolean isMeanOverRows() {
        return true;
    }

    @Override
    public String toString() {
        return "BinaryCrossEntropy(eps=" + EPS + ")";
    }
}
