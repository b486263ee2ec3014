package dev.backprop.optimizers;

import dev.backprop.core.Parameter;
import java.util.List;

/**
 * Gradient descent with momentum, in the lesson's form (section 4.2):
 * <pre>
 *   v     &lt;- gamma * v - lr * g
 *   theta &lt;- theta + v
 * </pre>
 * with the velocity {@code v} starting at zero. The velocity accumulates past gradients, so
 * steps grow along directions where consecutive gradients agree. {@code gamma = 0} is
 * {@link SGD}. PyTorch's {@code SGD(momentum=gamma)} keeps {@code b <- gamma b + g} and steps
 * {@code -lr b}, which is the same trajectory while {@code lr} is constant.
 *
 * <p>State slot: {@code velocity}.
 */
public final class Momentum extends AbstractOptimizer {

    private final double gamma;

    /**
     * @param learningRate {@code lr}, finite and {@code >= 0}
     * @param gamma        the momentum coefficient, in [0, 1) (0.9 is usual)
     */
    public Momentum(List<Parameter> parameters, double learningRate, double gamma) {
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
            v[i] = gamma * v[i] - lr * grad[i];
            theta[i] += v[i];
        }
    }

    @Override
    public String toString() {
        return "Momentum(lr=" + learningRate() + ", gamma=" + gamma + ", " + describeParameters() + ")";
    }
}
