package dev.backprop.optimizers;

import dev.backprop.core.Parameter;
import java.util.List;

/**
 * Plain gradient descent:
 * <pre>
 *   theta &lt;- theta - lr * g
 * </pre>
 * where {@code g} is the gradient the last backward pass accumulated. On the whole training
 * set each step this is the lesson's full-batch gradient descent; on mini-batches it is
 * stochastic gradient descent (the batch size is the trainer's setting, not the optimizer's).
 * Stateless.
 */
public final class SGD extends AbstractOptimizer {

    /** @param learningRate {@code lr}, finite and {@code >= 0} (the lesson's {@code eta}) */
    public SGD(List<Parameter> parameters, double learningRate) {
        super(parameters, learningRate);
    }

    @Override
    protected void update(double[] theta, double[] grad, double[][] slots, long t, int from, int to) {
        double lr = learningRate();
        for (int i = from; i < to; i++) {
            theta[i] -= lr * grad[i];
        }
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate() + ", " + describeParameters() + ")";
    }
}
