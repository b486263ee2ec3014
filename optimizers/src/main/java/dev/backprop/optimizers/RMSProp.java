package dev.backprop.optimizers;

import dev.backprop.core.Parameter;
import java.util.List;

/**
 * RMSProp (Hinton, Coursera lecture 6e, 2012): Adagrad with a decaying average of squared
 * gradients instead of their sum, so the step size does not shrink forever:
 * <pre>
 *   s     &lt;- rho * s + (1 - rho) * g * g         (element-wise, s starts at zero)
 *   theta &lt;- theta - lr * g / (sqrt(s) + eps)
 * </pre>
 * It sits between {@link Adagrad} (sum instead of average) and {@link Adam} (which adds a
 * momentum average of {@code g} and bias correction: RMSProp is Adam with {@code beta1 = 0},
 * {@code beta2 = rho} and no bias correction). {@code eps} is outside the square root, as in
 * Adam and in PyTorch's {@code torch.optim.RMSprop} (whose {@code alpha} is {@code rho}; its
 * defaults are lr 1e-2, rho 0.99, eps 1e-8).
 *
 * <p>State slot: {@code meanSquare} ({@code s}).
 */
public final class RMSProp extends AbstractOptimizer {

    private final double rho;
    private final double eps;

    /**
     * @param learningRate {@code lr}, finite and {@code >= 0}
     * @param rho          decay of the squared-gradient average, in [0, 1) (0.9 to 0.99 is usual)
     * @param eps          added to {@code sqrt(s)}, finite and {@code > 0}
     */
    public RMSProp(List<Parameter> parameters, double learningRate, double rho, double eps) {
        super(parameters, learningRate, "meanSquare");
        this.rho = checkFraction("rho", rho);
        this.eps = checkPositive("eps", eps);
    }

    public double rho() {
        return rho;
    }

    public double eps() {
        return eps;
    }

    @Override
    protected void update(double[] theta, double[] grad, double[][] slots, long t, int from, int to) {
        double lr = learningRate();
        double[] s = slots[0];
        for (int i = from; i < to; i++) {
            double g = grad[i];
            s[i] = rho * s[i] + (1 - rho) * g * g;
            theta[i] -= lr * g / (Math.sqrt(s[i]) + eps);
        }
    }

    @Override
    public String toString() {
        return "RMSProp(lr=" + learningRate() + ", rho=" + rho + ", eps=" + eps + ", " + describeParameters() + ")";
    }
}
