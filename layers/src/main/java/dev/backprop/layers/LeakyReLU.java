package dev.backprop.layers;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

/**
 * ReLU with a small slope {@code alpha} for negative inputs, element-wise:
 * <pre>
 *   forward:   y = x         where x &gt; 0,   alpha * x elsewhere
 *   backward:  dL/dx = dL/dy where x &gt; 0,   alpha * dL/dy elsewhere
 * </pre>
 * {@code alpha} must be finite and &gt;= 0 (0 gives ReLU; 0.01 is the usual choice). Because
 * alpha &gt;= 0, y &gt; 0 exactly where x &gt; 0, so the cached output gives the mask.
 */
public final class LeakyReLU implements Layer {

    private final double alpha;
    private Tensor output;   // the last forward's output, read by backward

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
    public Tensor forward(Tensor input) {
        double[] x = input.data();
        Tensor out = Tensor.zeros(input.shape());
        double[] y = out.data();
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i] > 0 ? x[i] : alpha * x[i];
        }
        output = out;
        return out;
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
            dx[i] = y[i] > 0 ? g[i] : alpha * g[i];
        }
        return gradInput;
    }

    @Override
    public int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "LeakyReLU(alpha=" + alpha + ")";
    }
}
