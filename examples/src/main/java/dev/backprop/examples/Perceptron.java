package dev.backprop.examples;

import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.Initializer;
import dev.backprop.core.Loss;
import dev.backprop.core.Parameter;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.layers.Dense;
import dev.backprop.layers.Sigmoid;

import java.util.Arrays;
import java.util.Locale;

/**
 * Section 1 of the lesson: a single sigmoid unit, {@code yhat = sigma(x W + b)}, trained by
 * full-batch gradient descent on the mean squared error with its 1/2,
 * <pre>
 *   L = 1/(2N) sum_i (y_i - yhat_i)^2
 *   W &lt;- W - eta/N sum_i (yhat_i - y_i) yhat_i (1 - yhat_i) x_i
 *   b &lt;- b - eta/N sum_i (yhat_i - y_i) yhat_i (1 - yhat_i)
 * </pre>
 * The data are two Gaussian clouds in the plane, N((-1.5, -1.5), I) labelled 0 and
 * N((1.5, 1.5), I) labelled 1. The update is written out here (no optimizer) so that it can be
 * read next to the lesson: backprop computes the gradient, the loop subtracts it.
 *
 * <p>Run it: {@code java -p <module path> -m dev.backprop.examples/dev.backprop.examples.Perceptron}.
 */
public final class Perceptron {

    /** The settings {@link #main} uses. */
    public static final int POINTS_PER_CLASS = 100;
    public static final int EPOCHS = 300;
    public static final double LEARNING_RATE = 2.0;
    public static final long SEED = 0;
    public static final int PRINT_EVERY = 25;

    private Perceptron() {
    }

    /**
     * What training produced.
     *
     * @param losses    the loss before each epoch's update, {@code losses[0]} at initialisation
     * @param finalLoss the loss after the last update
     * @param accuracy  the fraction of points on the right side of yhat = 0.5, after training
     * @param weight    the trained W {@code [2, 1]}
     * @param bias      the trained b {@code [1]}
     */
    public record Result(double[] losses, double finalLoss, double accuracy, Tensor weight, Tensor bias) {
    }

    /**
     * {@code perClass} points of each class drawn from {@code random}: class 0 first, then class
     * 1. Returns {@code {X [2 perClass, 2], Y [2 perClass, 1]}}.
     */
    public static Tensor[] twoClasses(int perClass, RandomState random) {
        if (perClass < 1) {
            throw new IllegalArgumentException("Invalid points per class: " + perClass + " (must be >= 1)");
        }
        Tensor x = random.normal(0, 1, 2 * perClass, 2);
        Tensor y = Tensor.zeros(2 * perClass, 1);
        for (int i = 0; i < 2 * perClass; i++) {
            boolean one = i >= perClass;
            double center = one ? 1.5 : -1.5;
            x.set(x.get(i, 0) + center, i, 0);
            x.set(x.get(i, 1) + center, i, 1);
            y.set(one ? 1 : 0, i, 0);
        }
        return new Tensor[] {x, y};
    }

    /**
     * Draws the data, then initialises W and b from U[-0.5, 0.5) (the lesson's choice), all from
     * {@code new RandomState(seed)}, and trains for {@code epochs} full-batch steps.
     */
    public static Result run(int perClass, int epochs, double learningRate, long seed) {
        if (epochs < 1) {
            throw new IllegalArgumentException("Invalid epochs: " + epochs + " (must be >= 1)");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Invalid learning rate: " + learningRate + " (must be finite and > 0)");
        }
        RandomState random = new RandomState(seed);
        Tensor[] data = twoClasses(perClass, random);
        Tensor x = data[0];
        Tensor y = data[1];
        Dense unit = new Dense(2, 1, true, Initializer.uniform(-0.5, 0.5), random);
        Sequential model = new Sequential(unit, new Sigmoid());
        Loss loss = new HalfMeanSquaredError();

        double[] losses = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.zeroGrad();
            Tensor yhat = model.forward(x);
            losses[epoch] = loss.value(yhat, y);
            model.backward(loss.gradient(yhat, y));     // the gradient already holds the 1/N
            for (Parameter p : model.parameters()) {
                p.value().addScaledInPlace(-learningRate, p.grad());
            }
        }

        Tensor yhat = model.forward(x);
        int correct = 0;
        for (int i = 0; i < y.size(); i++) {
            if ((yhat.get(i, 0) > 0.5) == (y.get(i, 0) == 1)) {
                correct++;
            }
        }
        return new Result(losses, loss.value(yhat, y), (double) correct / y.size(),
                unit.weight().value().copy(), unit.bias().value().copy());
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.err.println("Perceptron takes no arguments, got " + Arrays.toString(args));
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "One sigmoid unit, %d points in two classes, full-batch gradient descent, "
                + "learning rate %s, %d epochs%n", 2 * POINTS_PER_CLASS, LEARNING_RATE, EPOCHS);
        Result r = run(POINTS_PER_CLASS, EPOCHS, LEARNING_RATE, SEED);
        for (int epoch = 0; epoch < EPOCHS; epoch += PRINT_EVERY) {
            System.out.printf(Locale.ROOT, "epoch %4d  loss %.6f%n", epoch, r.losses()[epoch]);
        }
        System.out.printf(Locale.ROOT, "final       loss %.6f%n", r.finalLoss());
        System.out.printf(Locale.ROOT, "accuracy %.1f%%  W = [%.4f, %.4f]  b = %.4f%n", 100 * r.accuracy(),
                r.weight().get(0, 0), r.weight().get(1, 0), r.bias().get(0));
    }
}
