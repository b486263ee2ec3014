package dev.backprop.examples.cli;

import dev.backprop.core.Batching;
import dev.backprop.core.Initializer;
import dev.backprop.core.Layer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.examples.Lesson;
import dev.backprop.examples.figures.ActivationFigure;
import dev.backprop.layers.LeakyReLU;
import dev.backprop.layers.ReLU;
import dev.backprop.layers.Sigmoid;
import dev.backprop.layers.Tanh;
import dev.backprop.optimizers.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code activations}: the lesson's section 3.1, the hidden layer with other activation functions. */
@Command(name = "activations",
        mixinStandardHelpOptions = true,
        defaultValueProvider = ActivationsCommand.Defaults.class,
        description = {
            "The hidden layer with sigmoid, tanh, ReLU and leaky ReLU: loss curves on one plot.",
            "The output stays a sigmoid with the half mean squared error, the loss that fits it (targets digit / 10 "
                + "lie in its range). Also draws the four functions and their derivatives, both taken from the "
                + "layers' forward and backward passes."})
final class ActivationsCommand implements Callable<Integer> {

    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--epochs", "500", "--hidden", "21", "--batch-size", "full", "--seed", "0");
        }
    }

    /**
     * Learning rates of full-batch gradient descent for each variant: the lesson's 50 for the
     * sigmoid; for the others, the best of 0.01 to 50 after 100 epochs on the sample (50 makes
     * them oscillate).
     */
    static final Map<String, Double> LEARNING_RATES = Map.of(
            "sigmoid", Lesson.LEARNING_RATE, "tanh", 10.0, "relu", 10.0, "leaky-relu", 10.0);

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Mixin
    TrainingOptions training;

    @Mixin
    ThreadsOption threads;

    @Mixin
    OutputOptions output;

    double lr;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "One learning rate for all four runs (default: a rate each activation trains with: "
                    + "sigmoid 50 as in the lesson, 10 for tanh, ReLU and leaky ReLU).")
    void setLr(double lr) {
        this.lr = Validation.positive(spec, "--lr", lr);
    }

    @Override
    public Integer call() throws Exception {
        threads.apply();
        Run run = new Run(spec, output.out(), "Activation functions of the hidden layer");
        Map<String, Supplier<Layer>> activations = new LinkedHashMap<>();
        activations.put("sigmoid", Sigmoid::new);
        activations.put("tanh", Tanh::new);
        activations.put("relu", ReLU::new);
        activations.put("leaky-relu", () -> new LeakyReLU(0.01));

        Path figure = run.file("activations.png");
        ActivationFigure functions = new ActivationFigure();
        activations.forEach((name, layer) -> functions.add(name, layer.get()));
        functions.save(figure, 500, 380);
        run.figure(figure, "The activation functions and their derivatives (from the layers' forward and backward)");

        Lesson.Data d = Lesson.regressionData(MnistSource.load(spec, data, run));
        training.checkBatchSize(d.train().size());
        run.println("Network: Dense(" + d.xTrain().cols() + " -> " + model.hidden
                + ", bias), <activation>, Dense(" + model.hidden + " -> 1, no bias), Sigmoid(); HalfMeanSquaredError, "
                + "SGD, batch " + training.batchSizeText() + ", " + training.epochs + " epochs");
        StringBuilder rates = new StringBuilder("Learning rates:");
        for (String name : activations.keySet()) {
            rates.append(' ').append(name).append(' ').append(CommandFigures.number(lr > 0 ? lr : LEARNING_RATES.get(name)));
        }
        run.println(rates.toString());
        Map<String, Variant> curves = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<Layer>> e : activations.entrySet()) {
            RandomState random = new RandomState(training.seed);
            Sequential net = Lesson.network(d.xTrain().cols(), model.hidden, e.getValue().get());
            Lesson.initialize(net, Initializer.uniform(-0.5, 0.5), random);
            double rate = lr > 0 ? lr : LEARNING_RATES.get(e.getKey());
            Variant v = Variant.train(run, e.getKey(), net,
                    new SGD(net.parameters(), rate), training, Batching.SHUFFLED, random, d);
            curves.put(e.getKey() + " (lr " + CommandFigures.number(rate) + ")", v);
        }
        CommandFigures.comparison(run, "loss.png", "MNIST: hidden activation functions", "Loss (MSE)",
                training.logY, curves, true);
        run.finish();
        return 0;
    }
}
