package dev.backprop.layers;

/**
 * ReLU with a small slope {@code alpha} for negative inputs, element-wise:
 * <pre>
 *   forward:   y = x         where x &gt; 0,   alpha * x elsewhere
 *   backward:  dL/dx = dL/dy where x &gt; 0,   alpha * dL/dy elsewhere
 * </pre>
 * {@code alpha} must be finite and &gt;= 0 (0 gives ReLU; 0.01 is the usual choice). Because
 * alpha &gt;= 0, y &gt; 0 exactly where x &gt; 0, so the cached output gives the mask.
 */
public final class LeakyReLU extends Activation {

    private final double alpha;

    public LeakyReLU(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Invalid LeakyReLU alpha: " + alpha + " (must be finite and >= 0)");
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    protected double apply(double x) {
        return x > 0 ? x : alpha * x;
    }

    @Override
    protected double derivativeFromOutput(double y) {
        return y > 0 ? 1.0 : alpha;
    }

    @Override
    public String toString() {
        return "LeakyReLU(alpha=" + alpha + ")";
    }
}
