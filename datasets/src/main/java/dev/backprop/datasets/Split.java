package dev.backprop.datasets;

import dev.backprop.core.RandomState;
import java.util.Arrays;

/**
 * A training set split into training and validation parts, exactly as the lesson does it:
 * <pre>
 *   np.random.seed(7)
 *   idx_rnd = np.random.permutation(np.arange(n))
 *   split = int(0.2 * n)
 *   idx_val, idx_train = idx_rnd[:split], idx_rnd[split:]
 * </pre>
 * The first {@code int(fraction * n)} indices of one permutation drawn from the given
 * {@link RandomState} are the validation set, the rest the training set, both in permutation
 * order. With full MNIST and {@code RandomState(7)} this is the lesson's 48,000 / 12,000 split,
 * image for image.
 */
public final class Split {

    private final LabeledImages train;
    private final LabeledImages validation;
    private final int[] trainIndices;
    private final int[] validationIndices;

    private Split(LabeledImages train, LabeledImages validation, int[] trainIndices, int[] validationIndices) {
        this.train = train;
        this.validation = validation;
        this.trainIndices = trainIndices;
        this.validationIndices = validationIndices;
    }

    /**
     * Splits {@code data} by one {@code random.permutation(data.size())}.
     *
     * @param validationFraction in (0, 1); both parts must end up non-empty
     * @throws IllegalArgumentException for a fraction outside (0, 1) or an empty part
     */
    public static Split of(LabeledImages data, double validationFraction, RandomState random) {
        int n = data.size();
        int v = validationSize(n, validationFraction);
        int[] idx = random.permutation(n);
        int[] val = Arrays.copyOfRange(idx, 0, v);
        int[] tr = Arrays.copyOfRange(idx, v, n);
        return new Split(data.subset(tr), data.subset(val), tr, val);
    }

    /**
     * The validation size for {@code n} samples: {@code int(fraction * n)}, the double product
     * truncated, as Python's {@code int(0.2 * 60000)} = 12000.
     *
     * @throws IllegalArgumentException for a negative n, a fraction outside (0, 1) or an empty part
     */
    public static int validationSize(int n, double validationFraction) {
        if (n < 0) {
            throw new IllegalArgumentException("Invalid number of samples: " + n + " (must be >= 0)");
        }
        if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException("Invalid validation fraction: " + validationFraction
                    + " (must be in (0, 1))");
        }
        int v = (int) (validationFraction * n);
        if (v == 0 || v == n) {
            throw new IllegalArgumentException("Validation fraction " + validationFraction + " of " + n
                    + " samples leaves " + (v == 0 ? "the validation" : "the training") + " set empty");
        }
        return v;
    }

    /** The training part, in permutation order. */
    public LabeledImages train() {
        return train;
    }

    /** The validation part, in permutation order. */
    public LabeledImages validation() {
        return validation;
    }

    /** Positions in the original set of the training images ({@code idx_train}), a copy. */
    public int[] trainIndices() {
        return trainIndices.clone();
    }

    /** Positions in the original set of the validation images ({@code idx_val}), a copy. */
    public int[] validationIndices() {
        return validationIndices.clone();
    }

    @Override
    public String toString() {
        return "Split(train " + train.size() + ", validation " + validation.size() + ")";
    }
}
