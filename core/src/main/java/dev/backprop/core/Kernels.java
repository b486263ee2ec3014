package dev.backprop.core;

/**
 * The hot loops, in one place, on flat row-major arrays.
 *
 * <p>The general product packs {@code op(b)} into rows of a column panel padded to a multiple
 * of 8, so the innermost loop runs over plain indices of separate arrays (the form C2 turns
 * into SIMD code), and updates 4 rows of {@code c} at once so each panel row is loaded once
 * for 4 multiply-adds. {@code a^T b} (the gradient {@code X^T Q}) streams {@code a} and
 * {@code b} row by row instead, so a large {@code a} is read from memory once.
 *
 * <p>Work is split by output rows with boundaries fixed by the shape (see {@link Parallelism}):
 * every element of {@code c} is summed in the same order whatever the thread count.
 */
final class Kernels {

    /** Columns of {@code op(b)} per panel: a panel of 784 x 128 doubles stays in L2. */
    private static final int PANEL = 128;
    /** Rows of {@code c} per parallel chunk. */
    private static final int ROW_CHUNK = 256;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 18;

    private Kernels() {
    }

    /**
     * {@code c[n, m] = alpha * op(a) op(b) + beta * c}, with {@code op(a)} of shape {@code [n, k]}
     * and {@code op(b)} of shape {@code [k, m]}; a transposed operand is read in place.
     */
    static void gemm(boolean ta, boolean tb, int n, int m, int k, double alpha, double[] a,
                     double[] b, double beta, double[] c) {
        if (beta == 0.0) {
            java.util.Arrays.fill(c, 0, n * m, 0.0);   // not 0 * c: c may hold NaN from an earlier run
        } else if (beta != 1.0) {
            for (int i = 0; i < n * m; i++) {
                c[i] *= beta;
            }
        }
        if (n == 0 || m == 0 || k == 0) {
            return;
        }
        boolean parallel = (long) n * m * k >= PARALLEL_WORK;
        if (ta && !tb) {
            gemmTN(n, m, k, alpha, a, b, c, parallel);
        } else if (ta) {
            gemmTT(n, m, k, alpha, a, b, c);
        } else {
            gemmNPacked(tb, n, m, k, alpha, a, b, c, parallel);
        }
    }

    /** {@code c += alpha * a op(b)} with {@code a [n, k]} read by rows. */
    private static void gemmNPacked(boolean tb, int n, int m, int k, double alpha, double[] a,
                                    double[] b, double[] c, boolean parallel) {
        for (int j0 = 0; j0 < m; j0 += PANEL) {
            int w = Math.min(PANEL, m - j0);
            double[][] panel = pack(tb, b, k, m, j0, w);
            int col = j0;
            Parallelism.forChunks(n, ROW_CHUNK, parallel, (from, to) -> {
                rowsTimesPanel(from, to, m, k, alpha, a, panel, col, w, c);
                return 0;
            });
        }
    }

    /** Columns {@code [j0, j0 + w)} of {@code op(b)} as {@code k} rows padded with zeros to a multiple of 8. */
    private static double[][] pack(boolean tb, double[] b, int k, int m, int j0, int w) {
        int wp = (w + 7) & ~7;
        double[][] panel = new double[k][wp];
        for (int p = 0; p < k; p++) {
            double[] row = panel[p];
            if (tb) {                              // b is [m, k]: op(b)[p][j] = b[j][p]
                for (int j = 0; j < w; j++) {
                    row[j] = b[(j0 + j) * k + p];
                }
            } else {                               // b is [k, m]
                System.arraycopy(b, p * m + j0, row, 0, w);
            }
        }
        return panel;
    }

    private static void rowsTimesPanel(int from, int to, int m, int k, double alpha, double[] a,
                                       double[][] panel, int j0, int w, double[] c) {
        int wp = panel.length == 0 ? 0 : panel[0].length;
        double[] acc0 = new double[wp];
        double[] acc1 = new double[wp];
        double[] acc2 = new double[wp];
        double[] acc3 = new double[wp];
        int i = from;
        for (; i + 3 < to; i += 4) {
            java.util.Arrays.fill(acc0, 0.0);
            java.util.Arrays.fill(acc1, 0.0);
            java.util.Arrays.fill(acc2, 0.0);
            java.util.Arrays.fill(acc3, 0.0);
            int r0 = i * k;
            int r1 = r0 + k;
            int r2 = r1 + k;
            int r3 = r2 + k;
            for (int p = 0; p < k; p++) {
                double s0 = a[r0 + p];
                double s1 = a[r1 + p];
                double s2 = a[r2 + p];
                double s3 = a[r3 + p];
                double[] bp = panel[p];
                for (int j = 0; j < wp; j++) {
                    double bj = bp[j];
                    acc0[j] += s0 * bj;
                    acc1[j] += s1 * bj;
                    acc2[j] += s2 * bj;
                    acc3[j] += s3 * bj;
                }
            }
            addRow(c, i * m + j0, alpha, acc0, w);
            addRow(c, (i + 1) * m + j0, alpha, acc1, w);
            addRow(c, (i + 2) * m + j0, alpha, acc2, w);
            addRow(c, (i + 3) * m + j0, alpha, acc3, w);
        }
        for (; i < to; i++) {
            java.util.Arrays.fill(acc0, 0.0);
            int r0 = i * k;
            for (int p = 0; p < k; p++) {
                double s0 = a[r0 + p];
                double[] bp = panel[p];
                for (int j = 0; j < wp; j++) {
                    acc0[j] += s0 * bp[j];
                }
            }
            addRow(c, i * m + j0, alpha, acc0, w);
        }
    }

    private static void addRow(double[] c, int offset, double alpha, double[] acc, int w) {
        for (int j = 0; j < w; j++) {
            c[offset + j] += alpha * acc[j];
        }
    }

    /**
     * {@code c[n, m] += alpha * a^T b} with {@code a [k, n]}, {@code b [k, m]}: for each row p of
     * both, {@code c[i, :] += a[p, i] * b[p, :]}. Chunks own ranges of output rows i, so each
     * reads its slice of every row of {@code a} once, and no partial sums need merging.
     */
    private static void gemmTN(int n, int m, int k, double alpha, double[] a, double[] b,
                               double[] c, boolean parallel) {
        for (int j0 = 0; j0 < m; j0 += PANEL) {
            int w = Math.min(PANEL, m - j0);
            int col = j0;
            int chunk = parallel ? Math.max(8, ((n + 15) / 16 + 7) & ~7) : n;
            Parallelism.forChunks(n, chunk, parallel, (from, to) -> {
                transposedRows(from, to, n, m, k, alpha, a, b, col, w, c);
                return 0;
            });
        }
    }

    private static void transposedRows(int from, int to, int n, int m, int k, double alpha,
                                       double[] a, double[] b, int j0, int w, double[] c) {
        int wp = (w + 7) & ~7;
        double[][] g = new double[to - from][wp];
        double[] q0 = new double[wp];
        double[] q1 = new double[wp];
        double[] q2 = new double[wp];
        double[] q3 = new double[wp];
        int p = 0;
        for (; p + 3 < k; p += 4) {
            System.arraycopy(b, p * m + j0, q0, 0, w);
            System.arraycopy(b, (p + 1) * m + j0, q1, 0, w);
            System.arraycopy(b, (p + 2) * m + j0, q2, 0, w);
            System.arraycopy(b, (p + 3) * m + j0, q3, 0, w);
            int a0 = p * n;
            int a1 = a0 + n;
            int a2 = a1 + n;
            int a3 = a2 + n;
            for (int i = from; i < to; i++) {
                double s0 = a[a0 + i];
                double s1 = a[a1 + i];
                double s2 = a[a2 + i];
                double s3 = a[a3 + i];
                double[] gi = g[i - from];
                for (int j = 0; j < wp; j++) {
                    gi[j] += (s0 * q0[j] + s1 * q1[j]) + (s2 * q2[j] + s3 * q3[j]);
                }
            }
        }
        for (; p < k; p++) {
            System.arraycopy(b, p * m + j0, q0, 0, w);
            int a0 = p * n;
            for (int i = from; i < to; i++) {
                double s0 = a[a0 + i];
                double[] gi = g[i - from];
                for (int j = 0; j < wp; j++) {
                    gi[j] += s0 * q0[j];
                }
            }
        }
        for (int i = from; i < to; i++) {
            addRow(c, i * m + j0, alpha, g[i - from], w);
        }
    }

    /** a [k, n] and b [m, k], both read transposed; rare, kept simple. */
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
