package dev.backprop.datasets;

import dev.backprop.core.Tensor;
import java.util.Arrays;

/**
 * The lesson's preprocessing of images, on {@code double} tensors:
 * <pre>
 *   X = x.reshape(n, -1)                                                   # flatten
 *   def normalize(x):
 *       return (x - np.mean(x, axis=1)[:, None]) / np.std(x, axis=1)[:, None]
 * </pre>
 * and the other usual choices: scaling pixels to [0, 1] and standardizing with statistics of
 * the whole training set ({@link GlobalStandardizer}).
 *
 * <p>{@link #standardizePerSample} is numpy's {@code normalize} bit for bit: row means and
 * variances are summed in numpy's pairwise order (blocks of 8 partial sums, halves above 128
 * values), the standard deviation is the population one ({@code ddof = 0}).
 */
public final class Preprocessing {

    /** Largest pixel value of unsigned-byte images. */
    public static final double MAX_PIXEL = 255.0;

    private Preprocessing() {
    }

    /** {@code [n, d1, d2, ...] -> [n, d1 * d2 * ...]}, a view sharing the storage (numpy's {@code x.reshape(n, -1)}). */
    public static Tensor flatten(Tensor images) {
        if (images.rank() < 2) {
            throw new IllegalArgumentException("flatten: expected [n, ...] with at least 2 dimensions, got "
                    + Arrays.toString(images.shape()));
        }
        // the product of the other dimensions, not size() / n: an empty batch [0, 28, 28] has 784 features
        long features = 1;
        for (int axis = 1; axis < images.rank(); axis++) {
            features *= images.dim(axis);
            if (features > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("flatten: " + Arrays.toString(images.shape())
                        + " has more than " + Integer.MAX_VALUE + " features per sample");
            }
        }
        if (!images.isReadOnly()) {
            return Tensor.wrap(images.data(), images.dim(0), (int) features);   // reshape rejects dimensions of size 0
        }
        // a view by reshape stays read-only; without values there is nothing to share
        return images.size() == 0 ? Tensor.zeros(images.dim(0), (int) features).readOnly()
                : images.reshape(images.dim(0), (int) features);
    }

    /**
     * Each row standardized to mean 0 and (population) standard deviation 1:
     * {@code x_i -> (x_i - mean(x_i)) / std(x_i)}, as a new tensor.
     *
     * @param x {@code [n, features]}
     * @throws IllegalArgumentException if a row is constant (its std is 0, so the lesson's
     *         formula would give NaN) or holds a NaN or infinity, the message naming the row, or
     *         if the rows have no features
     */
    public static Tensor standardizePerSample(Tensor x) {
        return standardizePerSampleInPlace(x.copy());
    }

    /**
     * {@link #standardizePerSample} in place; returns {@code x}. On an error (a constant row)
     * the rows before it have already been standardized.
     */
    public static Tensor standardizePerSampleInPlace(Tensor x) {
        requireMatrix("standardizePerSample", x);
        int n = x.dim(0);
        int f = x.dim(1);
        if (f == 0 && n > 0) {
            throw new IllegalArgumentException("standardizePerSample: the rows of " + Arrays.toString(x.shape())
                    + " have no features, so they have no mean or std");
        }
        double[] d = x.data();
        double[] squares = new double[f];
        for (int i = 0; i < n; i++) {
            int row = i * f;
            double mean = pairwiseSum(d, row, f) / f;
            for (int j = 0; j < f; j++) {
                double dev = d[row + j] - mean;
                squares[j] = dev * dev;
            }
            double std = Math.sqrt(pairwiseSum(squares, 0, f) / f);
            // a constant row is caught by comparing its values: its computed std is not always 0
            // (0.1 three times has mean 0.10000000000000002 and std 1.4e-17)
            if (!Double.isFinite(std) || !Double.isFinite(mean) || isConstant(d, row, f) || !(std > 0.0)) {
                throw new IllegalArgumentException(badRow("standardizePerSample", d, i, f, mean, std));
            }
            for (int j = 0; j < f; j++) {
                d[row + j] = (d[row + j] - mean) / std;
            }
        }
        return x;
    }

    /**
     * Pixel values 0..255 scaled to [0, 1] ({@code x / 255}), as a new tensor.
     *
     * @throws IllegalArgumentException if a value lies outside [0, 255], naming it
     */
    public static Tensor scaleToUnitRange(Tensor pixels) {
        return scaleToUnitRangeInPlace(pixels.copy());
    }

    /** {@link #scaleToUnitRange} in place (nothing is changed when a value is out of range); returns {@code pixels}. */
    public static Tensor scaleToUnitRangeInPlace(Tensor pixels) {
        double[] d = pixels.data();
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] >= 0.0 && d[i] <= MAX_PIXEL)) {
                throw new IllegalArgumentException("scaleToUnitRange: value " + d[i] + " at flat index " + i
                        + " is not a pixel value in [0, 255]");
            }
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= MAX_PIXEL;
        }
        return pixels;
    }

    /**
     * numpy's pairwise summation of {@code a[from .. from + n)} ({@code pairwise_sum} in
     * {@code loops_utils.h}): below 8 values a plain loop; up to 128 values eight interleaved
     * partial sums combined as {@code ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))} plus the
     * remainder; above that the two halves (the first a multiple of 8 long) summed recursively.
     * This is the order of {@code np.sum(x, axis=-1)} on contiguous float64 rows.
     */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= 128) {
            double r0 = a[from];
            double r1 = a[from + 1];
            double r2 = a[from + 2];
            double r3 = a[from + 3];
            double r4 = a[from + 4];
            double r5 = a[from + 5];
            double r6 = a[from + 6];
            double r7 = a[from + 7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                int p = from + i;
                r0 += a[p];
                r1 += a[p + 1];
                r2 += a[p + 2];
                r3 += a[p + 3];
                r4 += a[p + 4];
                r5 += a[p + 5];
                r6 += a[p + 6];
                r7 += a[p + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
    }

    static void requireMatrix(String op, Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException(op + ": expected [n, features], got " + Arrays.toString(x.shape())
                    + (x.rank() > 2 ? " (flatten first)" : ""));
        }
    }

    /** Whether {@code a[from .. from + n)} are all equal (n >= 1, no NaN). */
    static boolean isConstant(double[] a, int from, int n) {
        for (int i = from + 1; i < from + n; i++) {
            if (a[i] != a[from]) {
                return false;
            }
        }
        return true;
    }

    private static String badRow(String op, double[] d, int i, int f, double mean, double std) {
        if (!Double.isFinite(mean) || Double.isNaN(std) || Double.isInfinite(std)) {
            return op + ": row " + i + " holds NaN or infinite values (mean " + mean + ", std " + std + ")";
        }
        if (isConstant(d, i * f, f)) {
            return op + ": row " + i + " is constant (every value " + d[i * f]
                    + "), its std is 0 so it cannot be scaled to std 1";
        }
        return op + ": row " + i + " varies too little, its std underflows to 0 so it cannot be scaled to std 1";
    }
}
