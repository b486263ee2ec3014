package dev.backprop.examples.cli;

import dev.backprop.core.Batching;
import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.Initializer;
import dev.backprop.core.Loss;
import dev.backprop.core.Optimizer;
import dev.backprop.core.RandomState;
import dev.backprop.core.RowBlocks;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.examples.Lesson;
import dev.backprop.layers.Sigmoid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code mnist-regression}: the lesson's main experiment, end to end. */
@Command(name = "mnist-regression",
        mixinStandardHelpOptions = true,
        defaultValueProvider = MnistRegressionCommand.Defaults.class,
        description = {
            "The lesson's experiment: predict the digit / 10 with a 784-21-1 sigmoid network.",
            "Full-batch gradient descent on the half mean squared error, weights from U[-0.5, 0.5] "
                + "(RandomState(seed): W1, W2, b1), data split 80/20 by RandomState(7), each image standardized. "
                + "Prints the train, validation and test loss as the lesson does, the accuracy and confusion "
                + "matrices of the rounding classifier, and writes the lesson's figures, history.csv and report.html."})
final class MnistRegressionCommand implements Callable<Integer> {

    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--epochs", "500", "--lr", "50", "--hidden", "21", "--batch-size", "full",
                    "--optimizer", "sgd", "--seed", "0");
        }
    }

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
    CheckpointOptions checkpoint;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        threads.apply();
        Run run = new Run(spec, output.out(), "MNIST regression: the lesson's experiment");
        Lesson.Data d = Lesson.regressionData(MnistSource.load(spec, data, run));
        training.checkBatchSize(d.train().size());

        RandomState random = new RandomState(training.seed);
        Sequential network = Lesson.network(d.xTrain().cols(), model.hidden, new Sigmoid());
        Lesson.initialize(network, Initializer.uniform(-0.5, 0.5), random);
        Optimizer opt = optimizer.optimizer.create(network.parameters(), optimizer.lr);
        Loss loss = new HalfMeanSquaredError();

        Training.Result result = new Training(network, loss, opt)
                .task("mnist-regression")
                .options(training, Batching.SHUFFLED, random)
                .announce(run, d.train().size(), d.validation().size())
                .checkpoint(checkpoint)
                .setting("data", d.source())
                .setting("seed", training.seed)
                .setting("lr", CommandFigures.number(optimizer.lr))
                .fit(run, d.xTrain(), d.yTrain(), d.xVal(), d.yVal());

        // The test outputs once, for the loss, the accuracy and the predictions figure.
        RowBlocks blocks = new RowBlocks(network);   // one set of replicas for both sets of rows
        Tensor testOutputs = blocks.forward(d.xTest());
        double testLoss = loss.value(testOutputs, d.yTest());
        run.printf("Train and validation loss of %.5f and %.5f, respectively%n", result.lastTrain(), result.lastValidation());
        run.printf("The test loss is %.5f%n", testLoss);
        RegressionEvaluation evaluation = RegressionEvaluation.of(blocks.forward(d.xTrain()), testOutputs, d);
        evaluation.print(run);
        run.printf("Training took %.1f s.%n", result.seconds());

        run.history(result.trainLoss(), result.validationLoss());
        CommandFigures.loss(run, "MNIST", "Loss (MSE)", training.logY, result);
        evaluation.saveConfusion(run, "confusion.png", "Confusion matrices of the rounding classifier, train | test");
        CommandFigures.digits(run, d);
        evaluation.savePredictions(run, d);
        CommandFigures.network(run, d.xTrain().cols(), model.hidden, 1);
        run.finish();
        return 0;
    }
}
