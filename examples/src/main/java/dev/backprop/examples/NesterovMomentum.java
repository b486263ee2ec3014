package dev.backprop.examples;

import dev.backprop.core.Parameter;
import dev.backprop.optimizers.AbstractOptimizer;
import java.util.List;

/**
 * Nesterov momentum, written on {@link AbstractOptimizer} as the recipe for adding an
 * optimizer: a constructor that names the state slots and validates its hyper-parameters, one
 * {@code update} method, and {@code toString}. The base class does the rest (the loop over
 * trainable parameters, lazy state, learning rate, state export and restore).
 *
 * <p>Sutskever et al. (2013) evaluate the gradient at the look-ahead point
 * {@code theta + gamma v}. Storing that look-ahead point as the parameter (Bengio et al. 2012)
 * gives an update that needs only the gradient {@code g} at the stored parameters:
 * <pre>
 *   v     &lt;- gamma * v - lr * g
 *   theta &lt;- theta + gamma * v - lr * g          (v already updated)
 * </pre>
 * Compared with {@code Momentum} ({@code theta <- theta + v}) the step looks one velocity
 * further ahead, which damps the oscillations along steep directions. The price is a narrower
 * range of stable learning rates: on a quadratic of curvature {@code a}, Momentum needs
 * {@code lr * a < 2 (1 + gamma)} and Nesterov {@code lr * a < 2 (1 + gamma) / (1 + 2 gamma)}.
 * {@code gamma = 0} is SGD. Same trajectory as
 * PyTorch's {@code SGD(momentum=gamma, nesterov=True)} while {@code lr} is constant.
 *
 * <p>State slot: {@code velocity}.
 */
public final class NesterovMomentum extends AbstractOptimizer {

    private final double gamma;

    /**
     * @param learningRate {@code lr}, finite and {@code >= 0}
     * @param gamma        the momentum coefficient, in [0, 1)
     */
    public NesterovMomentum(List<Parameter> parameters, double learningRate, double gamma) {
        super(parameters, learningRate, "velocity");
        this.gamma = checkFraction("gamma", gamma);
    }

    public double gamma() {
        return gamma;
    }

    @Override
    protected void update(double[] theta, double[] grad, double[][] slots, long t, int from, int to) {
        double lr = learningRate();
        double[] v = slots[0];
        for (int i = from; i < to; i++) {
            double step = lr * grad[i];
            v[i] = gamma * v[i] - step;
            theta[i] += gamma * v[i] - step;
        }
    }

    @Override
    public String toString() {
        return "NesterovMomentum(lr=" + learningRate() + ", gamma=" + gamma + ", " + describeParameters() + ")";
    }
}
