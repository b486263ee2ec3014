package dev.backprop.datasets;

import dev.backprop.core.Tensor;

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
        double[] d = train.isReadOnly() ? train.toArray() : train.data();   // only read
        if (d.length == 0) {
            throw new IllegalArgumentException("GlobalStandardizer.fit: empty tensor");
        }
        double mean = blockedSum(d, 0.0, false) / d.length;
        double std = Math.sqrt(blockedSum(d, mean, true) / d.length);
        if (!Double.isFinite(mean) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("GlobalStandardizer.fit: data holds NaN or infinite values");
        }
        // compared, not judged by std == 0: the computed std of a constant 0.1 is 1.4e-17
        if (Preprocessing.isConstant(d, 0, d.length)) {
            throw new IllegalArgumentException("GlobalStandardizer.fit: every value is " + d[0]
                    + ", std 0 cannot be scaled to std 1");
        }
        return new GlobalStandardizer(mean, std);
    }

    /** Sum of {@code d} (or of {@code (d - mean)^2}), pairwise within blocks and over the block sums. */
    private static double blockedSum(double[] d, double mean, boolean squaredDeviations) {
        int blocks = (d.length + BLOCK - 1) / BLOCK;
        double[] sums = new double[blocks];
        double[] scratch = new double[BLOCK];
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK;
            int n = Math.min(BLOCK, d.length - from);
            if (squaredDeviations) {
                for (int j = 0; j < n; j++) {
                    double dev = d[from + j] - mean;
                    scratch[j] = dev * dev;
                }
                sums[b] = Preprocessing.pairwiseSum(scratch, 0, n);
            } else {
                sums[b] = Preprocessing.pairwiseSum(d, from, n);
            }
        }
        return Preprocessing.pairwiseSum(sums, 0, blocks);
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
