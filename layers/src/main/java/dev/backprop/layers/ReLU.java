package dev.backprop.layers;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

/**
 * The rectified linear unit, element-wise:
 * <pre>
 *   forward:   y = max(0, x)
 *   backward:  dL/dx = dL/dy   where y &gt; 0,   0 elsewhere
 * </pre>
 * At x = 0 the derivative is taken as 0 (as PyTorch does). The mask comes from the cached
 * output: y &gt; 0 exactly where x &gt; 0.
 */
public final class ReLU implements Layer {

    private Tensor output;   // the last forward's output, read by backward

    /** A ReLU layer; it has no parameters. */
    public ReLU() {
    }

    @Override
    public Tensor forward(Tensor input) {
        output = input.relu();
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
            dx[i] = y[i] > 0 ? g[i] : 0.0;
        }
        return gradInput;
    }

    @Override
    public int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "ReLU()";
    }
}
