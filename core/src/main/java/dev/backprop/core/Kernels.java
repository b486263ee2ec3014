package dev.backprop.core;

import java.util.Arrays;

/**
 * The hot loops, in one place, on flat row-major arrays. Every loop runs in a fixed order, so
 * results do not depend on anything but the inputs.
 */
final class Kernels {

    private Kernels() {
    }

    /**
     * {@code c[n, m] = alpha * op(a) op(b) + beta * c}, with {@code op(a)} of shape {@code [n, k]}
     * and {@code op(b)} of shape {@code [k, m]}; a transposed operand is read in place.
     */
    static void gemm(boolean ta, boolean tb, int n, int m, int k, double alpha, double[] a,
                     double[] b, double beta, double[] c) {
        if (beta == 0.0) {
            Arrays.fill(c, 0, n * m, 0.0);   // not 0 * c: c may hold NaN from an earlier run
        } else if (beta != 1.0) {
            for (int i = 0; i < n * m; i++) {
                c[i] *= beta;
            }
        }
        if (!ta && !tb) {
            gemmNN(n, m, k, alpha, a, b, c);
        } else if (ta && !tb) {
            gemmTN(n, m, k, alpha, a, b, c);
        } else if (!ta) {
            gemmNT(n, m, k, alpha, a, b, c);
        } else {
            gemmTT(n, m, k, alpha, a, b, c);
        }
    }

    /** a [n, k], b [k, m]: each row of c gathers rows of b scaled by a's entries. */
    private static void gemmNN(int n, int m, int k, double alpha, double[] a, double[] b, double[] c) {
        for (int i = 0; i < n; i++) {
            int ci = i * m;
            int ai = i * k;
            for (int p = 0; p < k; p++) {
                double s = alpha * a[ai + p];
                int bp = p * m;
                for (int j = 0; j < m; j++) {
                    c[ci + j] += s * b[bp + j];
                }
            }
        }
    }

    /** a [k, n] read as a^T, b [k, m]: streams both operands row by row (X^T Q). */
    private static void gemmTN(int n, int m, int k, double alpha, double[] a, double[] b, double[] c) {
        for (int p = 0; p < k; p++) {
            int ap = p * n;
            int bp = p * m;
            for (int i = 0; i < n; i++) {
                double s = alpha * a[ap + i];
                int ci = i * m;
                for (int j = 0; j < m; j++) {
                    c[ci + j] += s * b[bp + j];
                }
            }
        }
    }

    /** a [n, k], b [m, k] read as b^T: a dot product of two rows per entry (Q W^T). */
    private static void gemmNT(int n, int m, int k, double alpha, double[] a, double[] b, double[] c) {
        for (int i = 0; i < n; i++) {
            int ai = i * k;
            for (int j = 0; j < m; j++) {
                int bj = j * k;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[i * m + j] += alpha * s;
            }
        }
    }

    /** a [k, n] and b [m, k], both read transposed. */
    private static void gemmTT(int n, int m, int k, double alpha, double[] a, double[] b, double[] c) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                int bj = j * k;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[p * n + i] * b[bj + p];
                }
                c[i * m + j] += alpha * s;
            }
        }
    }
}
