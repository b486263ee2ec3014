package dev.backprop.examples.cli;

import dev.backprop.core.Batching;
import dev.backprop.core.Initializer;
import dev.backprop.core.Loss;
import dev.backprop.core.Optimizer;
import dev.backprop.core.RandomState;
import dev.backprop.core.RowBlocks;
import dev.backprop.core.Sequential;
import dev.backprop.core.SoftmaxCrossEntropy;
import dev.backprop.core.Tensor;
import dev.backprop.examples.ConfusionMatrix;
import dev.backprop.examples.Lesson;
import dev.backprop.examples.figures.ConfusionMatrixFigure;
import dev.backprop.examples.figures.DigitGrid;
import dev.backprop.layers.Dense;
import dev.backprop.layers.ReLU;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mnist-classifier}: the proper way the lesson points to, one output per digit with softmax. */
@Command(name = "mnist-classifier",
        mixinStandardHelpOptions = true,
        defaultValueProvider = MnistClassifierCommand.Defaults.class,
        description = {
            "Digits as classes: a 784-h-10 network with softmax cross-entropy.",
            "Hidden layer ReLU (He-initialised), ten logits, cross-entropy of their softmax against the one-hot "
                + "label, Adam on shuffled mini-batches; same split and standardization as the lesson. Prints the "
                + "test accuracy and confusion matrices and writes the figures."})
final class MnistClassifierCommand implements Callable<Integer> {

    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--epochs", "5", "--lr", "0.001", "--hidden", "128", "--batch-size", "64",
                    "--optimizer", "adam", "--seed", "0");
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
        Run run = new Run(spec, output.out(), "MNIST classifier: softmax cross-entropy");
        Lesson.Data d = Lesson.classificationData(MnistSource.load(spec, data, run));
        training.checkBatchSize(d.train().size());
        int inputs = d.xTrain().cols();

        RandomState random = new RandomState(training.seed);
        Dense hidden = new Dense(inputs, model.hidden, true);
        hidden.reset(Initializer.heNormal(), Initializer.zeros(), random);
        Dense logits = new Dense(model.hidden, Lesson.CLASSES, true);
        logits.reset(Initializer.xavierUniform(), Initializer.zeros(), random);
        Sequential network = new Sequential(hidden, new ReLU(), logits);
        Optimizer opt = optimizer.optimizer.create(network.parameters(), optimizer.lr);
        Loss loss = new SoftmaxCrossEntropy();

        Training.Result result = new Training(network, loss, opt)
                .task("mnist-classifier")
                .options(training, Batching.SHUFFLED, random)
                .announce(run, d.train().size(), d.validation().size())
                .checkpoint(checkpoint)
                .setting("data", d.source())
                .setting("seed", training.seed)
                .setting("lr", CommandFigures.number(optimizer.lr))
                .fit(run, d.xTrain(), d.yTrain(), d.xVal(), d.yVal());

        // The test logits once, for the loss and the predictions; all outputs a block of rows at a time.
        RowBlocks blocks = new RowBlocks(network);   // one set of replicas for both sets of rows
        Tensor testLogits = blocks.forward(d.xTest());
        double testLoss = loss.value(testLogits, d.yTest());
        int[] trainPredicted = blocks.forward(d.xTrain()).argmaxRows();
        int[] testPredicted = testLogits.argmaxRows();
        ConfusionMatrix train = ConfusionMatrix.of(trainPredicted, d.train().labels(), Lesson.CLASSES);
        ConfusionMatrix test = ConfusionMatrix.of(testPredicted, d.test().labels(), Lesson.CLASSES);
        run.printf("Train and validation loss of %.5f and %.5f, respectively%n", result.lastTrain(), result.lastValidation());
        run.printf("The test loss is %.5f%n", testLoss);
        run.printf("Test accuracy: %.2f%% (train %.2f%%)%n", 100 * test.accuracy(), 100 * train.accuracy());
        run.println("Confusion matrix, test (rows: predicted label, columns: true label):");
        run.printf("%s", test.toTable());
        run.printf("Training took %.1f s.%n", result.seconds());

        run.history(result.trainLoss(), result.validationLoss());
        CommandFigures.loss(run, "MNIST classifier", "Loss (cross-entropy)", training.logY, result);
        Path confusion = run.file("confusion.png");
        ConfusionMatrixFigure.save(confusion, train, test);
        run.figure(confusion, "Confusion matrices, train | test");
        Path predictions = run.file("predictions.png");
        DigitGrid.savePredictions(predictions, d.xTest(), d.test().labels(), testPredicted, Lesson.CLASSES, 5);
        run.figure(predictions, "Test images, 5 per class, titled with the predicted digit (red when wrong)");
        CommandFigures.network(run, inputs, model.hidden, Lesson.CLASSES);
        run.finish();
        return 0;
    }
}
