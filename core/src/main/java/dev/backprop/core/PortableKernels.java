package dev.backprop.core;

/**
 * The {@link Kernels} in plain Java, for any JVM.
 *
 * <p>C2 turns a loop into SIMD code only when it runs over plain indices of separate arrays
 * and is long; it never vectorizes a dot product (Java forbids reordering a sum). So both
 * products are arranged as long multiply-adds of one row into another:
 * <ul>
 *   <li>{@code op(a) op(b)} with {@code a} read by rows ({@link #rowBlocks}): a block of 64
 *       rows of {@code a} is transposed into separate arrays {@code xt[p][r]}, then
 *       {@code ct[j][r] += b[p, j] * xt[p][r]} runs along the 64 rows;</li>
 *   <li>{@code a^T b}, the gradient {@code X^T Q} ({@link #columnChunks}): for each row p of
 *       {@code a} and {@code b}, {@code ct[j][i] += b[p, j] * a[p, i]} runs along a chunk of
 *       a's row, copied into its own array; {@code a} is streamed from memory once.</li>
 * </ul>
 * Two rows of the reduction are taken per pass, halving the loads and stores of the
 * accumulators.
 *
 * <p>Work is split by output rows with boundaries fixed by the shape (see {@link Parallelism}),
 * and each element of {@code c} is summed over {@code p} in one fixed order: results are
 * bit-identical whatever the thread count.
 */
final class PortableKernels implements Kernels {

    /** Rows of {@code a} transposed at a time: 64 x 784 doubles stay in L2. */
    private static final int BLOCK = 64;
    /** Rows of {@code c} per parallel task in {@link #rowBlocks}. */
    private static final int ROW_CHUNK = 1024;
    /** Widest chunk of a's columns per task in {@link #columnChunks}. */
    private static final int COLUMN_CHUNK = 256;
    /**
     * Below this many multiply-adds a product runs on the calling thread: for a mini-batch step
     * (64 x 784 x 21, about 1M) forking costs more than it saves (an epoch of 750 steps took
     * 1000 ms on 2 threads with forking from 2^18, 610 ms without).
     */
    static final long PARALLEL_WORK = 1L << 21;

    /** Per-thread buffers, reused from call to call so a training step allocates nothing here. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public void gemm(boolean ta, boolean tb, int n, int m, int k, double alpha, double[] a,
                     double[] b, double beta, double[] c) {
        Kernels.scale(c, n * m, beta);
        if (n == 0 || m == 0 || k == 0) {
            return;
        }
        boolean parallel = (long) n * m * k >= PARALLEL_WORK;
        if (ta && !tb) {
            int chunks = (n + COLUMN_CHUNK - 1) / COLUMN_CHUNK;
            int width = ((n + chunks - 1) / chunks + 7) & ~7;
            Parallelism.forChunks(n, width, parallel, (from, to) -> {
                columnChunks(from, to, n, m, k, alpha, a, b, c);
                return 0;
            });
        } else if (ta) {
            gemmTT(n, m, k, alpha, a, b, c);
        } else {
            Parallelism.forChunks(n, ROW_CHUNK, parallel, (from, to) -> {
                rowBlocks(from, to, tb, m, k, alpha, a, b, c);
                return 0;
            });
        }
    }

    /** Rows {@code [from, to)} of {@code c += alpha * a op(b)}, {@code a [n, k]} read by rows. */
    private static void rowBlocks(int from, int to, boolean tb, int m, int k, double alpha,
                                  double[] a, double[] b, double[] c) {
        Scratch s = SCRATCH.get();
        double[][] xt = s.xt(k, BLOCK);
        double[][] ct = s.ct(m, BLOCK);
        for (int r0 = from; r0 < to; r0 += BLOCK) {
            int len = Math.min(BLOCK, to - r0);
            for (int p = 0; p < k; p++) {                     // xt[p][r] = a[r0 + r, p]
                double[] xp = xt[p];
                for (int r = 0, ar = r0 * k + p; r < len; r++, ar += k) {
                    xp[r] = a[ar];
                }
            }
            for (int j = 0; j < m; j++) {
                java.util.Arrays.fill(ct[j], 0, len, 0.0);
            }
            int p = 0;
            for (; p + 1 < k; p += 2) {
                double[] x0 = xt[p];
                double[] x1 = xt[p + 1];
                for (int j = 0; j < m; j++) {
                    double s0 = tb ? b[j * k + p] : b[p * m + j];
                    double s1 = tb ? b[j * k + p + 1] : b[(p + 1) * m + j];
                    double[] cj = ct[j];
                    for (int r = 0; r < len; r++) {
                        cj[r] += s0 * x0[r] + s1 * x1[r];
                    }
                }
            }
            if (p < k) {
                double[] x0 = xt[p];
                for (int j = 0; j < m; j++) {
                    double s0 = tb ? b[j * k + p] : b[p * m + j];
                    double[] cj = ct[j];
                    for (int r = 0; r < len; r++) {
                        cj[r] += s0 * x0[r];
                    }
                }
            }
            for (int r = 0; r < len; r++) {
                int cr = (r0 + r) * m;
                for (int j = 0; j < m; j++) {
                    c[cr + j] += alpha * ct[j][r];
                }
            }
        }
    }

    /**
     * Rows {@code [from, to)} of {@code c[n, m] += alpha * a^T b} with {@code a [k, n]},
     * {@code b [k, m]}: for each row p of both, {@code ct[j][i] += b[p, j] * a[p, i]} along
     * the chunk {@code i in [from, to)} of a's row.
     */
    private static void columnChunks(int from, int to, int n, int m, int k, double alpha,
                                     double[] a, double[] b, double[] c) {
        int len = to - from;
        Scratch s = SCRATCH.get();
        double[][] ct = s.ct(m, len);
        double[][] rows = s.xt(2, len);
        double[] x0 = rows[0];
        double[] x1 = rows[1];
        for (int j = 0; j < m; j++) {
            java.util.Arrays.fill(ct[j], 0, len, 0.0);
        }
        int p = 0;
        for (; p + 1 < k; p += 2) {
            System.arraycopy(a, p * n + from, x0, 0, len);
            System.arraycopy(a, (p + 1) * n + from, x1, 0, len);
            int b0 = p * m;
            int b1 = b0 + m;
            for (int j = 0; j < m; j++) {
                double s0 = b[b0 + j];
                double s1 = b[b1 + j];
                double[] cj = ct[j];
                for (int i = 0; i < len; i++) {
                    cj[i] += s0 * x0[i] + s1 * x1[i];
                }
            }
        }
        if (p < k) {
            System.arraycopy(a, p * n + from, x0, 0, len);
            int b0 = p * m;
            for (int j = 0; j < m; j++) {
                double s0 = b[b0 + j];
                double[] cj = ct[j];
                for (int i = 0; i < len; i++) {
                    cj[i] += s0 * x0[i];
                }
            }
        }
        for (int i = 0; i < len; i++) {
            int ci = (from + i) * m;
            for (int j = 0; j < m; j++) {
                c[ci + j] += alpha * ct[j][i];
            }
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

    /** Two growable 2-d buffers per thread: the transposed block and the accumulators. */
    private static final class Scratch {
        private double[][] xt = new double[0][0];
        private double[][] ct = new double[0][0];

        double[][] xt(int rows, int cols) {
            xt = fit(xt, rows, cols);
            return xt;
        }

        double[][] ct(int rows, int cols) {
            ct = fit(ct, rows, cols);
            return ct;
        }

        private static double[][] fit(double[][] buf, int rows, int cols) {
            if (buf.length >= rows && (rows == 0 || buf[0].length >= cols)) {
                return buf;
            }
            return new double[Math.max(rows, buf.length)][Math.max(cols, buf.length == 0 ? 0 : buf[0].length)];
        }
    }
}
