package dev.backprop.examples.cli;

import dev.backprop.core.Batching;
import dev.backprop.core.Initializer;
import dev.backprop.core.Optimizer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.examples.Lesson;
import dev.backprop.layers.Sigmoid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code optimizers}: the lesson's SGD exercise, then Momentum, Adagrad and Adam. */
@Command(name = "optimizers",
        mixinStandardHelpOptions = true,
        defaultValueProvider = OptimizersCommand.Defaults.class,
        description = {
            "The lesson's exercise: mini-batch SGD, then Momentum, Adagrad and Adam, compared.",
            "Each optimizer trains the lesson's network from the same starting weights on mini-batches drawn "
                + "as the lesson does (np.random.randint(0, n, batch_size), n / batch_size batches per epoch). "
                + "Prints the losses and wall time of each and puts all loss curves on one plot."})
final class OptimizersCommand implements Callable<Integer> {

    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--epochs", "10", "--hidden", "21", "--batch-size", "64", "--seed", "0",
                    "--optimizers", DEFAULT_OPTIMIZERS);
        }
    }

    /**
     * SGD at the lesson's rate, Momentum at the rate giving the same long-run step
     * (50 (1 - 0.9)), Adagrad and Adam at the best of a sweep on the sample (7500 batches of 64).
     */
    static final String DEFAULT_OPTIMIZERS = "sgd:50,momentum:5,adagrad:0.2,adam:0.01";

    record Choice(OptimizerChoice optimizer, double lr) {
        String label() {
            return optimizer.cliName() + " (lr " + CommandFigures.number(lr) + ")";
        }
    }

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

    List<Choice> choices;

    @Option(names = "--optimizers", paramLabel = "NAME:LR,...",
            description = "The optimizers to compare, in order, each with its learning rate; names: "
                    + "sgd, momentum, adagrad, rmsprop, adam (default: ${DEFAULT-VALUE}).")
    void setOptimizers(String list) {
        List<Choice> parsed = new ArrayList<>();
        for (String item : list.split(",")) {
            String[] parts = item.strip().split(":");
            if (parts.length != 2) {
                throw Validation.invalid(spec, "--optimizers", "'" + item + "'", "expected NAME:LR, e.g. adam:0.001");
            }
            OptimizerChoice o = OptimizerChoice.parse(parts[0]).orElseThrow(() ->
                    Validation.invalid(spec, "--optimizers", "'" + parts[0] + "'", OptimizerChoice.EXPECTED));
            double lr;
            try {
                lr = Double.parseDouble(parts[1].strip());
            } catch (NumberFormatException e) {
                throw Validation.invalid(spec, "--optimizers", "'" + parts[1] + "'", "not a learning rate");
            }
            Validation.positive(spec, "--optimizers", lr);
            for (Choice c : parsed) {
                if (c.optimizer() == o) {
                    throw Validation.invalid(spec, "--optimizers", "'" + parts[0] + "'", "listed twice");
                }
            }
            parsed.add(new Choice(o, lr));
        }
        this.choices = parsed;
    }

    @Override
    public Integer call() throws Exception {
        if (training.batchSize == TrainingOptions.FULL_BATCH) {
            throw Validation.invalid(spec, "--batch-size", "full", "this comparison is about mini-batches");
        }
        threads.apply();
        Run run = new Run(spec, output.out(), "Optimizers: SGD, Momentum, Adagrad, Adam");
        Lesson.Data d = Lesson.regressionData(MnistSource.load(spec, data, run));
        training.checkBatchSize(d.train().size());
        run.println("Network: " + Lesson.network(d.xTrain().cols(), model.hidden, new Sigmoid())
                + "; HalfMeanSquaredError, mini-batches of " + training.batchSize + " drawn with replacement, "
                + training.epochs + " epochs");
        Map<String, Variant> curves = new LinkedHashMap<>();
        List<Variant> variants = new ArrayList<>();
        for (Choice c : choices) {
            RandomState random = new RandomState(training.seed);
            Sequential net = Lesson.network(d.xTrain().cols(), model.hidden, new Sigmoid());
            Lesson.initialize(net, Initializer.uniform(-0.5, 0.5), random);
            Optimizer opt = c.optimizer().create(net.parameters(), c.lr());
            Variant v = Variant.train(run, c.optimizer().cliName(), net, opt, training,
                    Batching.WITH_REPLACEMENT, random, d);
            variants.add(v);
            curves.put(c.label(), v);
        }
        run.println("");
        run.printf("%-10s %10s %12s %12s %10s%n", "optimizer", "lr", "val. loss", "test acc.", "time (s)");
        for (int i = 0; i < choices.size(); i++) {
            Choice c = choices.get(i);
            Variant v = variants.get(i);
            run.printf("%-10s %10s %12s %12s %10s%n", c.optimizer().cliName(), CommandFigures.number(c.lr()),
                    v.diverged() ? "diverged" : String.format(Locale.ROOT, "%.5f", v.result().lastValidation()),
                    v.diverged() ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v.evaluation().test().accuracy()),
                    v.diverged() ? "-" : String.format(Locale.ROOT, "%.1f", v.result().seconds()));
        }
        CommandFigures.comparison(run, "loss.png", "MNIST: optimizers, mini-batches of " + training.batchSize,
                "Loss (MSE)", training.logY, curves, true);
        run.finish();
        return 0;
    }
}
