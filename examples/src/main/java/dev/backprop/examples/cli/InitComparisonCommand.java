package dev.backprop.examples.cli;

import dev.backprop.core.Batching;
import dev.backprop.core.Initializer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.examples.Lesson;
import dev.backprop.layers.Sigmoid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code init-comparison}: the lesson's exercise on weight and bias initialisation. */
@Command(name = "init-comparison",
        mixinStandardHelpOptions = true,
        defaultValueProvider = MnistRegressionCommand.Defaults.class,
        description = {
            "The lesson's exercise: U[-0.5, 0.5], U[0, 1] and N(0, 1) initialisation compared.",
            "Trains the lesson's network three times, all weights and biases drawn (W1, W2, b1, from "
                + "RandomState(seed)) from each distribution, and prints the accuracy and confusion matrix of each."})
final class InitComparisonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    TrainingOptions training;

    @Mixin
    ThreadsOption threads;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        threads.apply();
        Run run = new Run(spec, output.out(), "Initialisation: U[-0.5, 0.5], U[0, 1], N(0, 1)");
        Lesson.Data d = Lesson.regressionData(MnistSource.load(spec, data, run));
        training.checkBatchSize(d.train().size());
        Map<String, Initializer> inits = new LinkedHashMap<>();
        inits.put("uniform-0.5-0.5", Initializer.uniform(-0.5, 0.5));
        inits.put("uniform-0-1", Initializer.uniform(0, 1));
        inits.put("normal-0-1", Initializer.normal(0, 1));

        run.println("Network: " + Lesson.network(d.xTrain().cols(), model.hidden, new Sigmoid()) + "; "
                + optimizer.optimizer.cliName() + " lr " + CommandFigures.number(optimizer.lr) + ", batch " + training.batchSizeText()
                + ", " + training.epochs + " epochs");
        Map<String, Variant> variants = new LinkedHashMap<>();
        for (Map.Entry<String, Initializer> e : inits.entrySet()) {
            RandomState random = new RandomState(training.seed);
            Sequential net = Lesson.network(d.xTrain().cols(), model.hidden, new Sigmoid());
            Lesson.initialize(net, e.getValue(), random);
            Variant v = Variant.train(run, e.getKey(), net, optimizer.optimizer.create(net.parameters(), optimizer.lr),
                    training, Batching.SHUFFLED, random, d);
            variants.put(e.getKey(), v);
        }
        for (Variant v : variants.values()) {
            if (!v.diverged()) {
                run.println("");
                run.println("== " + v.name() + " (" + inits.get(v.name()) + ")");
                v.evaluation().print(run);
                v.evaluation().saveConfusion(run, "confusion-" + v.name() + ".png",
                        "Confusion matrices, init " + inits.get(v.name()) + ", train | test");
            }
        }
        CommandFigures.comparison(run, "loss.png", "MNIST: initialisations compared", "Loss (MSE)",
                training.logY, variants, true);
        run.finish();
        return 0;
    }
}
