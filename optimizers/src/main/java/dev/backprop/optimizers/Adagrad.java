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
 * the square root, {@code lr * g / sqrt(eps + G)}, and so does this class; PyTorch's
 * {@code torch.optim.Adagrad} computes {@code lr * g / (sqrt(G) + eps)}. The two differ while
 * {@code G} is not well above {@code eps}. The first step ({@code G = g^2}) moves a coordinate by
 * {@code lr / sqrt(1 + eps / g^2)}: about {@code lr} only for {@code |g|} well above
 * {@code sqrt(eps)} (within 0.5 % from {@code |g| = 10 sqrt(eps)}, 1e-3 for eps = 1e-8),
 * {@code lr / sqrt(2)} at {@code |g| = sqrt(eps)}, and about {@code lr * |g| / sqrt(eps)} below
 * it; PyTorch's first step is about {@code lr} down to {@code |g|} near {@code eps} itself.
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
