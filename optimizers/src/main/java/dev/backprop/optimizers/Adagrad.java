package dev.backprop.optimizers;

import dev.backprop.core.Parameter;
import java.util.List;

/**
 * Adagrad (Duchi, Hazan and Singer 2011), in the lesson's form (section 4.3):
 * <pre>
 *   G     &lt;- G + g * g                          (element-wise, G starts at zero)
 *   theta &lt;- theta - lr / sqrt(eps + G) * g
 * </pre>
 * Each coordinate's step shrinks with the sum of its past squared gradients, so frequently
 * updated coordinates slow down. Note where {@code eps} sits: the lesson puts it <em>inside</em>
 * the square root, {@code sqrt(eps + G)}, and so does this class; PyTorch's
 * {@code torch.optim.Adagrad} puts it outside, {@code sqrt(G) + eps}. The two differ only
 * while {@code G} is tiny. The first step moves every coordinate with a non-zero gradient by
 * almost exactly {@code lr}.
 *
 * <p>State slot: {@code sumSquares} ({@code G}).
 */
public final class Adagrad extends AbstractOptimizer {

    private final double eps;

    /**
     * @param learningRate {@code lr}, finite and {@code >= 0}
     * @param eps          the regulariser inside the square root, finite and {@code > 0}
     *                     (1e-8 is usual)
     */
    public Adagrad(List<Parameter> parameters, double learningRate, double eps) {
        super(parameters, learningRate, "sumSquares");
        this.eps = checkPositive("eps", eps);
    }

    public double eps() {
        return eps;
    }

    @Override
    protected void update(double[] theta, double[] grad, double[][] slots, long t, int from, int to) {
        double lr = learningRate();
        double[] sum = slots[0];
        for (int i = from; i < to; i++) {
            double g = grad[i];
            sum[i] += g * g;
            theta[i] -= lr / Math.sqrt(eps + sum[i]) * g;
        }
    }

    @Override
    public String toString() {
        return "Adagrad(lr=" + learningRate() + ", eps=" + eps + ", " + describeParameters() + ")";
    }
}
