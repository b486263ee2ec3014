package dev.backprop.optimizers;

import dev.backprop.core.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba 2014), as in the lesson (section 4.4), with bias correction:
 * <pre>
 *   m     &lt;- beta1 * m + (1 - beta1) * g
 *   v     &lt;- beta2 * v + (1 - beta2) * g * g
 *   mHat  =  m / (1 - beta1^t)
 *   vHat  =  v / (1 - beta2^t)
 *   theta &lt;- theta - lr * mHat / (sqrt(vHat) + eps)
 * </pre>
 * where {@code t} counts this parameter's updates from 1 and {@code m}, {@code v} start at
 * zero. Defaults are the paper's: {@code lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8}.
 * The lesson writes "eta = 10^-8" among the suggested values; it means epsilon (eta is the
 * learning rate everywhere else in the lesson). Because of the bias correction, the first step
 * moves each coordinate with a non-zero gradient by almost exactly {@code lr}. Same update as
 * PyTorch's {@code torch.optim.Adam} without weight decay.
 *
 * <p>State slots: {@code m} (first moment) and {@code v} (second moment).
 */
public final class Adam extends AbstractOptimizer {

    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double eps;

    /** Adam with the paper's defaults: lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8. */
    public Adam(List<Parameter> parameters) {
        this(parameters, DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    /**
     * @param learningRate {@code lr}, finite and {@code >= 0}
     * @param beta1        decay of the first-moment average, in [0, 1)
     * @param beta2        decay of the second-moment average, in [0, 1)
     * @param eps          added to {@code sqrt(vHat)}, finite and {@code > 0}
     */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps) {
        super(parameters, learningRate, "m", "v");
        this.beta1 = checkFraction("beta1", beta1);
        this.beta2 = checkFraction("beta2", beta2);
        this.eps = checkPositive("eps", eps);
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    @Override
    protected void update(double[] theta, double[] grad, double[][] slots, long t, int from, int to) {
        double lr = learningRate();
        double[] m = slots[0];
        double[] v = slots[1];
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        for (int i = from; i < to; i++) {
            double g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            double mHat = m[i] / correction1;
            double vHat = v[i] / correction2;
            theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        }
    }

    @Override
    public String toString() {
        return "Adam(lr=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps
                + ", " + describeParameters() + ")";
    }
}
