package dev.backprop.layers;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

/**
 * The hyperbolic tangent, element-wise:
 * <pre>
 *   forward:   y = tanh(x)
 *   backward:  dL/dx = dL/dy * (1 - y^2)      (tanh' = 1 - tanh^2)
 * </pre>
 * The derivative is computed from the cached output.
 */
public final class Tanh implements Layer {

    private Tensor output;   // the last forward's output, read by backward

    /** A tanh layer; it has no parameters. */
    public Tanh() {
    }

    @Override
    public Tensor forward(Tensor input) {
        output = input.tanh();
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
            dx[i] = g[i] * (1.0 - y[i] * y[i]);
        }
        return gradInput;
    }

    @Override
    public int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}
