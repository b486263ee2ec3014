package dev.backprop.benchmarks;

import dev.backprop.core.Batch;
import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.Initializer;
import dev.backprop.core.Loss;
import dev.backprop.core.MiniBatches;
import dev.backprop.core.Optimizer;
import dev.backprop.core.RandomState;
import dev.backprop.core.RowBlocks;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.datasets.Mnist;
import dev.backprop.datasets.Preprocessing;
import dev.backprop.datasets.Targets;
import dev.backprop.examples.Lesson;
import dev.backprop.layers.Sigmoid;
import dev.backprop.optimizers.SGD;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lesson's workload (section 3 of "NN from scratch"): the 784-21-1 sigmoid network, the
 * half mean squared error and SGD, with the two epochs the benchmarks time.
 * <pre>
 * full-batch epoch  one step on all 48,000 training rows (forward, loss, backward, update),
 *                   then the forward pass and loss over the 12,000 validation rows
 * mini-batch epoch  int(48000 / 64) = 750 steps, each on the rows randint(0, 48000, 64)
 * </pre>
 * A step is the {@link dev.backprop.core.Trainer}'s: {@code zeroGrad}, then forward, loss and
 * backward in {@link RowBlocks} (the full batch block by block, in parallel; a mini-batch of 64
 * rows whole, read where they lie in the training set), then the optimizer's {@code step}
 * (without the trainer's divergence checks and listeners).
 *
 * <p>The data is full MNIST prepared as the lesson does ({@link Lesson#regressionData}) when
 * {@code $BACKPROP_DATA} names a folder holding it, otherwise random data of the same shape
 * from {@code RandomState(0)}: pixels from {@code U[0, 1)} standardized per row, targets
 * {@code randint(0, 10) / 10}. MNIST's inputs are read-only, as the lesson's are, so the epochs
 * read them compressed (mostly background, see {@code Tensor.readOnly()}); the random data has
 * no background and runs on the dense kernels.
 */
public final class LessonWorkload {

    /** MNIST's shape after the lesson's 80/20 split. */
    public static final int TRAIN_ROWS = 48_000;
    public static final int VALIDATION_ROWS = 12_000;
    public static final int FEATURES = 784;
    public static final int BATCH_SIZE = 64;

    private final String source;
    private final Tensor xTrain;
    private final Tensor yTrain;
    private final Tensor xVal;
    private final Tensor yVal;
    private final Sequential network;
    private final Loss loss = new HalfMeanSquaredError();
    private final Optimizer fullBatch;
    private final Optimizer miniBatch;
    private final MiniBatches batches;
    private final RowBlocks blocks;

    private LessonWorkload(String source, Tensor xTrain, Tensor yTrain, Tensor xVal, Tensor yVal) {
        this.source = source;
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xVal = xVal;
        this.yVal = yVal;
        RandomState random = new RandomState(Lesson.INIT_SEED);
        this.network = Lesson.network(FEATURES, Lesson.HIDDEN, new Sigmoid());
        Lesson.initialize(network, Initializer.uniform(-0.5, 0.5), random);
        this.fullBatch = new SGD(network.parameters(), Lesson.LEARNING_RATE);
        // The lesson's mini-batch update is w -= eta / n_train * (sum over the batch): on the
        // mean gradient that is a rate of eta * batch / n_train.
        this.miniBatch = new SGD(network.parameters(), Lesson.LEARNING_RATE * BATCH_SIZE / xTrain.rows());
        this.batches = MiniBatches.withReplacement(xTrain, yTrain, BATCH_SIZE, random);
        this.blocks = new RowBlocks(network);
    }

    /** Full MNIST from {@code $BACKPROP_DATA} when it is there, else random data of its shape. */
    public static LessonWorkload create() {
        String env = System.getenv(Mnist.ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank() && Mnist.isPresent(Path.of(env))) {
            Lesson.Data d = Lesson.regressionData(Mnist.load(Path.of(env)));
            return new LessonWorkload("MNIST from " + env, d.xTrain(), d.yTrain(), d.xVal(), d.yVal());
        }
        return random(TRAIN_ROWS, VALIDATION_ROWS);
    }

    /** Random data of MNIST's row width: {@code train} and {@code validation} rows. */
    public static LessonWorkload random(int train, int validation) {
        RandomState random = new RandomState(0);
        Tensor xTrain = Preprocessing.standardizePerSampleInPlace(random.rand(train, FEATURES));
        Tensor yTrain = Targets.scaled(random.randint(0, Lesson.CLASSES, train), Lesson.TARGET_SCALE);
        Tensor xVal = Preprocessing.standardizePerSampleInPlace(random.rand(validation, FEATURES));
        Tensor yVal = Targets.scaled(random.randint(0, Lesson.CLASSES, validation), Lesson.TARGET_SCALE);
        return new LessonWorkload("random data of MNIST's shape", xTrain, yTrain, xVal, yVal);
    }

    /** One full-batch epoch; returns the validation loss after its update. */
    public double fullBatchEpoch() {
        fullBatch.zeroGrad();
        blocks.lossAndGradients(xTrain, yTrain, loss);
        fullBatch.step();
        return loss.value(blocks.forward(xVal), yVal);
    }

    /** One mini-batch epoch of 750 steps; returns the sum of the step losses. */
    public double miniBatchEpoch() {
        double sum = 0;
        for (Batch b : batches) {
            miniBatch.zeroGrad();
            sum += blocks.lossAndGradients(b, loss);
            miniBatch.step();
        }
        return sum;
    }

    /** The lesson's network the epochs train. */
    public Sequential network() {
        return network;
    }

    @Override
    public String toString() {
        return "LessonWorkload(" + source + ": x " + Arrays.toString(xTrain.shape()) + ", validation "
                + Arrays.toString(xVal.shape()) + ", " + network + ")";
    }
}
