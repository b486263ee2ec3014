package dev.backprop.layers;

import dev.backprop.core.Tensor;

/**
 * The logistic function, element-wise, the lesson's activation:
 * <pre>
 *   forward:   y = sigma(x) = 1 / (1 + e^-x)
 *   backward:  dL/dx = dL/dy * y (1 - y)      (sigma' = sigma (1 - sigma))
 * </pre>
 * {@link Tensor#sigmoid(double)} never overflows or returns NaN, whatever the size of x.
 */
public final class Sigmoid extends Activation {

    /** A sigmoid layer; it has no parameters. */
    public Sigmoid() {
    }

    @Override
    protected double apply(double x) {
        return Tensor.sigmoid(x);
    }

    /** {@link Tensor#sigmoid(Tensor)}: the same values as {@link #apply}, a vector at a time. */
    @Override
    protected void applyAll(Tensor input, Tensor output) {
        input.sigmoid(output);
    }

    @Override
    protected double derivativeFromOutput(double y) {
        return y * (1.0 - y);
    }

    @Override
    public String toString() {
        return "Sigmoid()";
    }
}
