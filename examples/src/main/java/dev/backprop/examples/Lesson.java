package dev.backprop.examples;

import dev.backprop.core.Initializer;
import dev.backprop.core.Layer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.datasets.LabeledImages;
import dev.backprop.datasets.Preprocessing;
import dev.backprop.datasets.Split;
import dev.backprop.datasets.Targets;
import dev.backprop.datasets.TrainTestData;
import dev.backprop.layers.Dense;
import dev.backprop.layers.Sigmoid;

import java.nio.DoubleBuffer;

/**
 * The pieces of the lesson's MNIST regression (section 3 of "NN from scratch"), each as the
 * lesson writes it:
 * <pre>
 * data   split by np.random.seed(7); permutation(60000): the first 20% validation
 *        rows standardized per sample: (x - mean(x_i)) / std(x_i); targets y / 10
 * model  h = sigmoid(x W1 + b1), y_hat = sigmoid(h W2)      (784 -> 21 -> 1, no output bias)
 * init   np.random.seed(0); W1 = rand(784, 21) - 0.5; W2 = rand(21, 1) - 0.5; b1 = rand(21) - 0.5
 * train  L = 1/(2n) sum (y_hat - y)^2, full-batch gradient descent, eta = 50, 500 epochs
 * eval   the rounding classifier: predicted digit = np.around(10 y_hat)
 * </pre>
 */
public final class Lesson {

    /** The lesson's settings. */
    public static final int HIDDEN = 21;
    public static final double LEARNING_RATE = 50;
    public static final int EPOCHS = 500;
    public static final long INIT_SEED = 0;
    public static final long SPLIT_SEED = 7;
    public static final double VALIDATION_FRACTION = 0.2;
    /** Targets are the digit divided by this, into the sigmoid's range. */
    public static final double TARGET_SCALE = 10.0;
    public static final int CLASSES = 10;

    private Lesson() {
    }

    /**
     * The data of one experiment: the three sets as the lesson's tensors (standardized inputs,
     * targets of {@code [n, 1]} or one-hot {@code [n, 10]}) with their labels (for accuracy and
     * figures). The raw pixels are not kept: a figure draws the standardized rows, each scaled to
     * its own min..max as {@code imshow} does, which is the same picture.
     */
    public record Data(String source, Part train, Part validation, Part test) {

        public Tensor xTrain() {
            return train.x();
        }

        public Tensor yTrain() {
            return train.y();
        }

        public Tensor xVal() {
            return validation.x();
        }

        public Tensor yVal() {
            return validation.y();
        }

        public Tensor xTest() {
            return test.x();
        }

        public Tensor yTest() {
            return test.y();
        }

        @Override
        public String toString() {
            return "Data(" + source + ": " + train.size() + " train, " + validation.size() + " validation, "
                    + test.size() + " test)";
        }
    }

    /**
     * One set: inputs {@code x [n, features]}, targets {@code y [n, k]} and the digit of each row,
     * {@code labels[i]} in {@code 0..9}. Shares its arrays; callers do not modify them.
     */
    public record Part(Tensor x, Tensor y, int[] labels) {

        public Part {
            if (x.rows() != labels.length || y.rows() != labels.length) {
                throw new IllegalArgumentException("Part: " + x.rows() + " input rows, " + y.rows()
                        + " target rows and " + labels.length + " labels (expected the same count)");
            }
        }

        /** Number of rows. */
        public int size() {
            return labels.length;
        }

        @Override
        public String toString() {
            return "Part(x " + java.util.Arrays.toString(x.shape()) + ", y " + java.util.Arrays.toString(y.shape())
                    + ")";
        }
    }

    /** The lesson's regression data: split 80/20 by {@code RandomState(7)}, standardized, targets y / 10. */
    public static Data regressionData(TrainTestData data) {
        return prepare(data, false);
    }

    /** The same split and inputs with one-hot targets, for a softmax classifier. */
    public static Data classificationData(TrainTestData data) {
        return prepare(data, true);
    }

    /**
     * Builds each set's doubles straight from the loaded bytes (rows gathered by the split's
     * indices, then standardized in place), one set at a time, so at most the bytes and the
     * doubles are alive, never a byte copy of each part as well.
     */
    private static Data prepare(TrainTestData data, boolean oneHot) {
        int[][] indices = splitIndices(data.train());
        LabeledImages all = data.train();
        // The training and validation inputs, read at every epoch, are read-only: the products then
        // read their rows compressed (Tensor#readOnly). The test set is read once; compressing it
        // would cost memory (14 MB) for nothing.
        return new Data(data.name(), part(all, indices[0], oneHot, true), part(all, indices[1], oneHot, true),
                part(data.test(), null, oneHot, false));
    }

    /** {@code {train, validation}} positions of the lesson's split (the split's own byte copies die here). */
    private static int[][] splitIndices(LabeledImages train) {
        Split split = train.split(VALIDATION_FRACTION, new RandomState(SPLIT_SEED));
        return new int[][] {split.trainIndices(), split.validationIndices()};
    }

    /** The rows at {@code indices} ({@code null}: all rows, in order) as a {@link Part}. */
    private static Part part(LabeledImages images, int[] indices, boolean oneHot, boolean readOnly) {
        int[] labels = indices == null ? images.labels() : images.labels(indices);
        Tensor x = Preprocessing.standardizePerSampleInPlace(
                indices == null ? images.images() : images.images(indices));
        if (readOnly) {
            x.readOnly();
        }
        return new Part(x, targets(labels, images.classes(), oneHot), labels);
    }

    /** Flattened images, each row standardized to mean 0 and standard deviation 1. */
    public static Tensor inputs(LabeledImages images) {
        return Preprocessing.standardizePerSampleInPlace(images.images());
    }

    private static Tensor targets(int[] labels, int classes, boolean oneHot) {
        return oneHot ? Targets.oneHot(labels, classes) : Targets.scaled(labels, TARGET_SCALE);
    }

    /**
     * The lesson's network with zero weights: {@code Dense(inputs -> hidden, bias), activation,
     * Dense(hidden -> 1, no bias), Sigmoid}. Fill it with {@link #initialize}.
     */
    public static Sequential network(int inputs, int hidden, Layer activation) {
        return new Sequential(new Dense(inputs, hidden, true), activation, new Dense(hidden, 1, false), new Sigmoid());
    }

    /**
     * Fills a network made by {@link #network} in the lesson's order: W1, then W2, then b1, all
     * from {@code random} with {@code init}. With {@code uniform(-0.5, 0.5)} and
     * {@code RandomState(0)} these are exactly the lesson's starting weights.
     */
    public static void initialize(Sequential network, Initializer init, RandomState random) {
        Dense first = (Dense) network.layer(0);
        Dense second = (Dense) network.layer(2);
        init.initialize(first.weight().value(), random);
        init.initialize(second.weight().value(), random);
        init.initialize(first.bias().value(), random);
    }

    /**
     * The lesson's rounding classifier: {@code np.around(10 * y_hat)} for each row of
     * {@code [n, 1]} predictions. numpy rounds halves to even, as {@link Math#rint} does. A
     * sigmoid output above 0.95 gives 10, a label no digit has (see {@link ConfusionMatrix}).
     */
    public static int[] roundToDigits(Tensor predictions) {
        if (predictions.rank() != 2 || predictions.cols() != 1) {
            throw new IllegalArgumentException("roundToDigits: expected predictions [n, 1], got "
                    + java.util.Arrays.toString(predictions.shape()));
        }
        DoubleBuffer p = predictions.buffer();
        int[] digits = new int[p.capacity()];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (int) Math.rint(TARGET_SCALE * p.get(i));
        }
        return digits;
    }
}
