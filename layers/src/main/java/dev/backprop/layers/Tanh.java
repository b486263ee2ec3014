package dev.backprop.layers;

/**
 * The hyperbolic tangent, element-wise:
 * <pre>
 *   forward:   y = tanh(x)
 *   backward:  dL/dx = dL/dy * (1 - y^2)      (tanh' = 1 - tanh^2)
 * </pre>
 */
public final class Tanh extends Activation {

    /** A tanh layer; it has no parameters. */
    public Tanh() {
    }

    @Override
    protected double apply(double x) {
        return Math.tanh(x);
    }

    @Override
    protected double derivativeFromOutput(double y) {
        return 1.0 - y * y;
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}
