package dev.backprop.datasets;

import dev.backprop.core.Tensor;

import java.nio.DoubleBuffer;

/**
 * Standardization with one mean and one standard deviation for the whole data set:
 * {@code x -> (x - mean) / std}, the statistics fitted on the training set only and then
 * applied unchanged to validation and test data (so no information leaks from them), e.g.
 * <pre>
 *   GlobalStandardizer s = GlobalStandardizer.fit(trainImages);
 *   Tensor xTrain = s.apply(trainImages), xTest = s.apply(testImages);
 * </pre>
 * {@code mean} and {@code std} are over every element (population std, {@code ddof = 0}), like
 * {@code x_train.mean()} and {@code x_train.std()}; for MNIST pixels about 33.3 and 78.6.
 */
public final class GlobalStandardizer {

    /** Elements per block when summing squared deviations without a full-size scratch array. */
    private static final int BLOCK = 4096;

    private final double mean;
    private final double std;

    /**
     * A standardizer with the given statistics.
     *
     * @throws IllegalArgumentException unless mean is finite and std finite and positive
     */
    public GlobalStandardizer(double mean, double std) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("Invalid mean: " + mean + " (must be finite)");
        }
        if (!(std > 0.0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("Invalid std: " + std + " (must be finite and > 0)");
        }
        this.mean = mean;
        this.std = std;
    }

    /**
     * Fits mean and population std over all elements of {@code train}.
     *
     * @throws IllegalArgumentException if {@code train} is empty, constant or not finite
     */
    public static GlobalStandardizer fit(Tensor train) {
        DoubleBuffer d = train.buffer();   // read, block by block: the training set may be read-only
        int size = d.capacity();
        if (size == 0) {
            throw new IllegalArgumentException("GlobalStandardizer.fit: empty tensor");
        }
        double mean = blockedSum(d, 0.0, false) / size;
        double std = Math.sqrt(blockedSum(d, mean, true) / size);
        if (!Double.isFinite(mean) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("GlobalStandardizer.fit: data holds NaN or infinite values");
        }
        // compared, not judged by std == 0: the computed std of a constant 0.1 is 1.4e-17
        if (isConstant(d)) {
            throw new IllegalArgumentException("GlobalStandardizer.fit: every value is " + d.get(0)
                    + ", std 0 cannot be scaled to std 1");
        }
        return new GlobalStandardizer(mean, std);
    }

    /**
     * Sum of {@code d} (or of {@code (d - mean)^2}), pairwise within blocks and over the block
     * sums; each block copied out first.
     */
    private static double blockedSum(DoubleBuffer d, double mean, boolean squaredDeviations) {
        int size = d.capacity();
        int blocks = (size + BLOCK - 1) / BLOCK;
        double[] sums = new double[blocks];
        double[] scratch = new double[BLOCK];
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK;
            int n = Math.min(BLOCK, size - from);
            d.get(from, scratch, 0, n);
            if (squaredDeviations) {
                for (int j = 0; j < n; j++) {
                    double dev = scratch[j] - mean;
                    scratch[j] = dev * dev;
                }
            }
            sums[b] = Preprocessing.pairwiseSum(scratch, 0, n);
        }
        return Preprocessing.pairwiseSum(sums, 0, blocks);
    }

    /** Whether all the values equal the first (no NaN). */
    private static boolean isConstant(DoubleBuffer d) {
        double first = d.get(0);
        for (int i = 1; i < d.capacity(); i++) {
            if (d.get(i) != first) {
                return false;
            }
        }
        return true;
    }

    public double mean() {
        return mean;
    }

    public double std() {
        return std;
    }

    /** {@code (x - mean) / std} as a new tensor. */
    public Tensor apply(Tensor x) {
        return applyInPlace(x.copy());
    }

    /** {@code (x - mean) / std} in place; returns {@code x}. */
    public Tensor applyInPlace(Tensor x) {
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (d[i] - mean) / std;
        }
        return x;
    }

    /** {@code x * std + mean}: undoes {@link #apply}, e.g. to show standardized images. */
    public Tensor invert(Tensor x) {
        Tensor out = x.copy();
        double[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] * std + mean;
        }
        return out;
    }

    @Override
    public String toString() {
        return "GlobalStandardizer(mean=" + mean + ", std=" + std + ")";
    }
}
