package dev.backprop.layers;

/**
 * The rectified linear unit, element-wise:
 * <pre>
 *   forward:   y = max(0, x)
 *   backward:  dL/dx = dL/dy   where y &gt; 0,   0 elsewhere
 * </pre>
 * At x = 0 the derivative is taken as 0 (as PyTorch does). The mask comes from the cached
 * output: y &gt; 0 exactly where x &gt; 0. As in PyTorch, relu(NaN) = NaN, so that divergence
 * shows, and backward passes the gradient there (PyTorch's {@code threshold_backward}: 0 where y &lt;= 0).
 */
public final class ReLU extends Activation {

    /** A ReLU layer; it has no parameters. */
    public ReLU() {
    }

    @Override
    protected double apply(double x) {
        return x <= 0 ? 0.0 : x;   // not x > 0 ? x : 0, which turns NaN into 0
    }

    @Override
    protected double derivativeFromOutput(double y) {
        return y <= 0 ? 0.0 : 1.0;
    }

    @Override
    public String toString() {
        return "ReLU()";
    }
}
