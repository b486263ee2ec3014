package dev.backprop.examples.cli;

import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import dev.backprop.examples.Perceptron;
import dev.backprop.examples.figures.LineChart;
import dev.backprop.examples.figures.ScatterPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code perceptron}: section 1 of the lesson, one sigmoid unit on two point clouds. */
@Command(name = "perceptron",
        mixinStandardHelpOptions = true,
        defaultValueProvider = PerceptronCommand.Defaults.class,
        description = {
            "The lesson's sigmoid perceptron on two Gaussian point clouds.",
            "One unit yhat = sigmoid(x W + b), full-batch gradient descent on the half mean squared error "
                + "(the update written out in Perceptron.java). Prints the loss as it trains and the accuracy, and "
                + "draws the loss curve and the decision boundary."})
final class PerceptronCommand implements Callable<Integer> {

    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--epochs", Integer.toString(Perceptron.EPOCHS), "--lr", Double.toString(Perceptron.LEARNING_RATE),
                    "--seed", Long.toString(Perceptron.SEED), "--points", Integer.toString(Perceptron.POINTS_PER_CLASS));
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    int epochs;
    double lr;
    long seed;
    int points;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    void setEpochs(int epochs) {
        this.epochs = Validation.atLeast(spec, "--epochs", epochs, 1);
    }

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    void setLr(double lr) {
        this.lr = Validation.positive(spec, "--lr", lr);
    }

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the RandomState that draws the points, then W and b (default: ${DEFAULT-VALUE}).")
    void setSeed(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw Validation.invalid(spec, "--seed", seed, "must be in [0, 4294967295]");
        }
        this.seed = seed;
    }

    @Option(names = "--points", paramLabel = "N", description = "Points per class (default: ${DEFAULT-VALUE}).")
    void setPoints(int points) {
        this.points = Validation.atLeast(spec, "--points", points, 1);
    }

    @Override
    public Integer call() throws Exception {
        Run run = new Run(spec, output.out(), "The sigmoid perceptron");
        run.printf("One sigmoid unit, %d points in two classes, full-batch gradient descent, learning rate %s, "
                + "%d epochs%n", 2 * points, CommandFigures.number(lr), epochs);
        Perceptron.Result r = Perceptron.run(points, epochs, lr, seed);
        int every = Math.max(1, epochs / 10);
        for (int epoch = 0; epoch < epochs; epoch += every) {
            run.printf("epoch %4d  loss %.6f%n", epoch, r.losses()[epoch]);
        }
        run.printf("final       loss %.6f%n", r.finalLoss());
        run.printf("accuracy %.1f%%  W = [%.4f, %.4f]  b = %.4f%n", 100 * r.accuracy(),
                r.weight().get(0, 0), r.weight().get(1, 0), r.bias().get(0));

        run.history(r.losses(), null);
        Path loss = run.file("loss.png");
        LineChart.lossCurves("Perceptron", "Loss (MSE)").epochs("training", r.losses())
                .save(loss, CommandFigures.WIDTH, CommandFigures.HEIGHT);
        run.figure(loss, "Training loss per epoch (before each update)");

        // The same points run() trained on: it draws them first from RandomState(seed).
        Tensor[] data = Perceptron.twoClasses(points, new RandomState(seed));
        int n = data[0].rows();
        double[] xs = new double[n];
        double[] ys = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            xs[i] = data[0].get(i, 0);
            ys[i] = data[0].get(i, 1);
            labels[i] = (int) data[1].get(i, 0);
        }
        Path boundary = run.file("boundary.png");
        ScatterPlot.save(boundary, String.format(java.util.Locale.ROOT, "Perceptron: accuracy %.1f%%", 100 * r.accuracy()),
                xs, ys, labels, r.weight().get(0, 0), r.weight().get(1, 0), r.bias().get(0),
                CommandFigures.WIDTH, CommandFigures.WIDTH);
        run.figure(boundary, "The two classes and the unit's decision boundary");
        CommandFigures.network(run, 2, 1);
        run.finish();
        return 0;
    }
}
