package dev.backprop.examples.cli;

import dev.backprop.core.Batching;
import dev.backprop.core.Initializer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.examples.Lesson;
import dev.backprop.layers.Dense;
import dev.backprop.layers.Sigmoid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code frozen-bias}: the lesson's exercise "set initial biases to zero, and freeze its training". */
@Command(name = "frozen-bias",
        mixinStandardHelpOptions = true,
        defaultValueProvider = MnistRegressionCommand.Defaults.class,
        description = {
            "The lesson's exercise: hidden biases zero and frozen, compared with the baseline.",
            "Trains the lesson's network twice from the same W1 and W2: once as in mnist-regression, once with "
                + "b1 = 0 and never updated. Prints the losses, accuracies and confusion matrices of both and "
                + "writes their figures."})
final class FrozenBiasCommand implements Callable<Integer> {

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
        Run run = new Run(spec, output.out(), "Frozen zero biases versus the baseline");
        Lesson.Data d = Lesson.regressionData(MnistSource.load(spec, data, run));
        training.checkBatchSize(d.train().size());
        Initializer init = Initializer.uniform(-0.5, 0.5);

        RandomState baselineRandom = new RandomState(training.seed);
        Sequential baseline = Lesson.network(d.xTrain().cols(), model.hidden, new Sigmoid());
        Lesson.initialize(baseline, init, baselineRandom);

        // Same W1 and W2 as the baseline (drawn first, in the same order), b1 = 0 and frozen.
        RandomState frozenRandom = new RandomState(training.seed);
        Sequential frozen = Lesson.network(d.xTrain().cols(), model.hidden, new Sigmoid());
        Lesson.initialize(frozen, init, frozenRandom);
        Dense first = (Dense) frozen.layer(0);
        first.bias().value().fill(0.0);
        first.bias().setTrainable(false);

        run.println("Network: " + baseline + "; " + optimizer.optimizer.cliName() + " lr " + CommandFigures.number(optimizer.lr) + ", batch "
                + training.batchSizeText() + ", " + training.epochs + " epochs");
        Map<String, Variant> variants = new LinkedHashMap<>();
        for (String name : new String[] {"baseline", "frozen-bias"}) {
            Sequential net = name.equals("baseline") ? baseline : frozen;
            RandomState random = name.equals("baseline") ? baselineRandom : frozenRandom;
            Variant v = Variant.train(run, name, net, optimizer.optimizer.create(net.parameters(), optimizer.lr),
                    training, Batching.SHUFFLED, random, d);
            variants.put(name, v);
        }
        for (Variant v : variants.values()) {
            if (!v.diverged()) {
                run.println("");
                run.println("== " + v.name());
                v.evaluation().print(run);
                v.evaluation().saveConfusion(run, "confusion-" + v.name() + ".png",
                        "Confusion matrices, " + v.name() + ", train | test");
            }
        }
        Variant base = variants.get("baseline");
        Variant fro = variants.get("frozen-bias");
        if (!base.diverged() && !fro.diverged()) {
            run.printf("%nFreezing b1 at zero changes the test accuracy by %+.2f points (%.2f%% -> %.2f%%).%n",
                    100 * (fro.evaluation().test().accuracy() - base.evaluation().test().accuracy()),
                    100 * base.evaluation().test().accuracy(), 100 * fro.evaluation().test().accuracy());
        }
        CommandFigures.comparison(run, "loss.png", "MNIST: baseline versus frozen zero bias", "Loss (MSE)",
                training.logY, variants, true);
        run.finish();
        return 0;
    }
}
