package dev.backprop.layers;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

/**
 * The logistic function, element-wise, the lesson's activation:
 * <pre>
 *   forward:   y = sigma(x) = 1 / (1 + e^-x)
 *   backward:  dL/dx = dL/dy * y (1 - y)      (sigma' = sigma (1 - sigma))
 * </pre>
 * The derivative is computed from the cached output, so no exponential is evaluated twice.
 * {@link Tensor#sigmoid(double)} never overflows or returns NaN, whatever the size of x.
 */
public final class Sigmoid implements Layer {

    private Tensor output;   // the last forward's output, read by backward

    /** A sigmoid layer; it has no parameters. */
    public Sigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        output = input.sigmoid();
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        LayerChecks.requireForward(output, this);
        LayerChecks.requireGradientShape(gradOutput, output.shape(), this);
        double[] y = output.data();
        double[] g = gradOutput.data();
        Tensor gradInput = Tensor.zeros(output.shape());
        double[] dx = gradInput.data();
        for (int i = 0; i < dx.length; i++) {
            dx[i] = g[i] * y[i] * (1.0 - y[i]);
        }
        return gradInput;
    }

    @Override
    public int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "Sigmoid()";
    }
}
