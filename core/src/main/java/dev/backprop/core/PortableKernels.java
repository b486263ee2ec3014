package dev.backprop.core;

/**
 * The {@link Kernels} in plain Java, for any JVM.
 *
 * <p>C2 turns a loop into SIMD code only when it runs over plain indices of separate arrays
 * (an unknown offset such as {@code a[o + i]} keeps it scalar on JDK 17), its body is small
 * enough to unroll to a vector's width, and it is long: the first and last few elements run
 * scalar. It never vectorizes a dot product (Java forbids reordering a sum). So both products
 * are arranged as long multiply-adds of rows into rows:
 * <ul>
 *   <li>{@code op(a) op(b)} with {@code a} read by rows ({@link #rowBlocks}): in a block of 128
 *       rows of {@code a}, 8 columns at a time are transposed into separate arrays
 *       {@code xt[q][r]}, then {@code ct[j][r] += b[p, j] * xt[q][r]} runs along the 128 rows;</li>
 *   <li>{@code a^T b}, the gradient {@code X^T Q} ({@link #columnChunks}): for each row p of
 *       {@code a} and {@code b}, {@code ct[j][i] += b[p, j] * a[p, i]} runs along a chunk of
 *       up to 512 of a's columns, copied into its own array; {@code a} is streamed once.</li>
 * </ul>
 * Four rows of the reduction are taken per pass ({@link #multiplyAdd4}), so each accumulator
 * is loaded and stored once per four multiply-adds. Larger loop bodies did not pay on JDK 17:
 * eight rows per pass ran no faster (with fused multiply-adds they stayed scalar), and a body
 * updating several accumulator rows (register tiling over {@code j}) stayed scalar.
 *
 * <p>Each multiply-add is a {@link Math#fma}, which C2 turns into vector FMA instructions: the
 * 128-row products ran 1.1-1.2x faster than with a multiplication and an addition, and the sums
 * are exactly the Vector API kernels' (see {@link Kernels}). (On a processor without FMA
 * instructions, before 2013 on x86, {@code Math.fma} is computed in software and very slow.)
 *
 * <p>Work is split by output rows, or a mini-batch's forward product by parts of {@code p}
 * ({@link Kernels#depthPart}), with boundaries fixed by the shape (see {@link Parallelism}), and
 * each element of {@code c} is summed over {@code p} in one fixed order: results are
 * bit-identical whatever the thread count.
 */
final class PortableKernels implements Kernels {

    /**
     * Rows of {@code a} per block in {@link #rowBlocks}, the length of the nn product's
     * multiply-add loops: a training step's row block (128 rows) is one block, and 128 x 784
     * doubles of {@code a} stay in L2. C2 runs a loop's first and last few elements scalar
     * (alignment, unroll remainder), so the longer the loop the better: 128 rows ran about 1.35x
     * faster than 64 (1.5x with 4 reduction rows per pass instead of 2).
     */
    private static final int BLOCK = 128;
    /**
     * Columns of {@code a} transposed at a time in {@link #rowBlocks}: 8 x 128 doubles (8 KB)
     * stay in L1 next to the accumulators (21 x 128), where transposing the whole block first
     * wrote 800 KB and pushed the block of {@code a} out of L2. Must stay 8 ({@link #transposeColumns}).
     */
    private static final int GROUP = 8;
    /**
     * From this many blocks' worth of rows in {@code a} (a window of a large batch, read in
     * place), {@link #rowBlocks} copies each block before transposing it: the transposition
     * reads a cache line from each of 128 rows in turn, which the hardware does not prefetch, so
     * from memory every line waited (a full-batch epoch's products ran 1.3x slower than on
     * copied blocks); the copy is one sequential read, and then the block is in L2, also for
     * the weight gradient that follows.
     */
    private static final int FROM_MEMORY = 4;
    /** Rows of {@code c} per parallel task in {@link #rowBlocks}, at most. */
    private static final int ROW_CHUNK = 1024;
    /**
     * Widest chunk of a's columns per task in {@link #columnChunks}, the length of its
     * multiply-add loops: 784 columns make two chunks of 392 (longer loops than four of 200,
     * about 1.15x faster, and still one chunk per thread on two cores).
     */
    private static final int COLUMN_CHUNK = 512;

    /** Per-thread buffers, reused from call to call so a training step allocates nothing here. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public String name() {
        return "portable";
    }

    /**
     * Eight partial sums: 1.6x faster than testing each value (a 784 x 21 weight: 5.8 against 9.2
     * microseconds).
     */
    @Override
    public int firstNonFinite(double[] a, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return Double.isFinite(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))) ? -1
                : Kernels.firstNonFiniteOf(a, from, to);
    }

    @Override
    public void sigmoid(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = Tensor.sigmoid(x[i]);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public void gemm(boolean ta, boolean tb, int n, int m, int k, double alpha, double[] a, int aOff,
                     int[] aRows, double[] b, double beta, double[] c) {
        Kernels.scale(c, n * m, beta);
        if (n == 0 || m == 0 || k == 0) {
            return;
        }
        boolean parallel = (long) n * m * k >= PARALLEL_WORK;
        if (ta && !tb) {
            int chunks = (n + COLUMN_CHUNK - 1) / COLUMN_CHUNK;
            int width = ((n + chunks - 1) / chunks + 7) & ~7;
            Parallelism.forChunks(n, width, parallel, (from, to) -> {
                columnChunks(from, to, n, m, k, alpha, a, aOff, aRows, b, c);
                return 0;
            });
        } else if (ta) {
            gemmTT(n, m, k, alpha, a, aOff, aRows, b, c);
        } else if (Kernels.depthPart(false, n, m, k) < k) {
            inParts(tb, n, m, k, alpha, a, aOff, aRows, b, c, parallel);
        } else {
            Parallelism.forRange(n, rowChunk(n), parallel, (from, to) -> {
                rowBlocks(from, to, 0, k, tb, m, k, alpha, a, aOff, aRows, b, c, 0, false);
                return 0;
            });
        }
    }

    /**
     * {@code c += alpha * a op(b)} summed in parts of {@code k} ({@link Kernels#depthPart}):
     * each part's sums for all rows go to a buffer of their own, then the parts are added in order.
     */
    private static void inParts(boolean tb, int n, int m, int k, double alpha, double[] a, int aOff,
                                int[] aRows, double[] b, double[] c, boolean parallel) {
        int part = Kernels.depthPart(false, n, m, k);
        int size = n * m;
        int parts = (k + part - 1) / part;
        double[] partial = SCRATCH.get().partial(parts * size);
        Parallelism.forChunks(k, part, parallel, (q0, q1) -> {
            rowBlocks(0, n, q0, q1, tb, m, k, 1.0, a, aOff, aRows, b, partial, q0 / part * size, true);
            return 0;
        });
        for (int i = 0; i < size; i++) {
            double sum = partial[i];
            for (int q = 1; q < parts; q++) {
                sum += partial[q * size + i];
            }
            c[i] = Math.fma(sum, alpha, c[i]);
        }
    }

    /**
     * Rows of {@code c} per parallel task of {@code a op(b)} with {@code n} rows: half of them
     * (rounded up to 8), at least 32 and at most {@link #ROW_CHUNK}, so a mini-batch is shared
     * between two threads without making its multiply-add loops short. Depends on the shape only.
     */
    private static int rowChunk(int n) {
        return Math.min(ROW_CHUNK, Math.max(32, ((n + 1) / 2 + 7) / 8 * 8));
    }

    /**
     * Rows {@code [from, to)} of {@code c += alpha * a op(b)}, {@code a [n, k]} read by rows,
     * summed over {@code p in [q0, q1)}: per block of {@link #BLOCK} rows, {@link #GROUP}
     * columns of {@code a} at a time are transposed into {@code xt[q][r]} and multiplied in at
     * once, so the transposed columns stay in L1 and the block of {@code a} itself stays in L2
     * for the caller (a training step reads it again for the weight gradient). With
     * {@code sums} the sums themselves go to {@code c[c0 + i * m + j]} instead (a part of
     * {@link #inParts}).
     */
    private static void rowBlocks(int from, int to, int q0, int q1, boolean tb, int m, int k, double alpha,
                                  double[] a, int aOff, int[] aRows, double[] b, double[] c, int c0, boolean sums) {
        Scratch s = SCRATCH.get();
        double[][] xt = s.xt(GROUP, BLOCK);
        double[][] ct = s.ct(m, BLOCK);
        // b[p, j] is b[j * bj + p * bp] whether b is stored [k, m] or, transposed, [m, k].
        int bj = tb ? k : 1;
        int bp = tb ? 1 : m;
        int width = q1 - q0;
        boolean fromMemory = a.length >= FROM_MEMORY * (long) BLOCK * k;
        for (int r0 = from; r0 < to; r0 += BLOCK) {
            int len = Math.min(BLOCK, to - r0);
            for (int j = 0; j < m; j++) {
                java.util.Arrays.fill(ct[j], 0, len, 0.0);
            }
            // Column p of row r is rows[rows0 + r * stride + p].
            double[] rows = a;
            int rows0 = aOff + r0 * k;
            int stride = k;
            if (aRows != null || fromMemory) {   // rows picked by index, or from memory: copied
                rows = s.rows(len * width);
                for (int r = 0; r < len; r++) {
                    System.arraycopy(a, Kernels.rowStart(aOff, aRows, r0 + r, k) + q0, rows, r * width, width);
                }
                rows0 = -q0;
                stride = width;
            }
            for (int p0 = q0; p0 < q1; p0 += GROUP) {
                int g = Math.min(GROUP, q1 - p0);
                transposeColumns(rows, rows0, stride, len, p0, g, xt);
                int q = 0;
                for (; q + 3 < g; q += 4) {
                    multiplyAdd4(ct, m, len, xt[q], xt[q + 1], xt[q + 2], xt[q + 3], b, (p0 + q) * bp, bj, bp);
                }
                for (; q + 1 < g; q += 2) {
                    multiplyAdd2(ct, m, len, xt[q], xt[q + 1], b, (p0 + q) * bp, bj, bp);
                }
                if (q < g) {
                    multiplyAdd1(ct, m, len, xt[q], b, (p0 + q) * bp, bj);
                }
            }
            for (int r = 0; r < len; r++) {
                int cr = c0 + (r0 + r) * m;
                for (int j = 0; j < m; j++) {
                    c[cr + j] = sums ? ct[j][r] : Math.fma(ct[j][r], alpha, c[cr + j]);
                }
            }
        }
    }

    /** {@code xt[q][r] = a[a0 + r * k + p0 + q]} for {@code r < len}, {@code q < g}: rows of k columns from {@code a0}. */
    private static void transposeColumns(double[] a, int a0, int k, int len, int p0, int g, double[][] xt) {
        if (g == GROUP) {                                     // one pass over the rows for all 8
            double[] t0 = xt[0];
            double[] t1 = xt[1];
            double[] t2 = xt[2];
            double[] t3 = xt[3];
            double[] t4 = xt[4];
            double[] t5 = xt[5];
            double[] t6 = xt[6];
            double[] t7 = xt[7];
            for (int r = 0, ar = a0 + p0; r < len; r++, ar += k) {
                t0[r] = a[ar];
                t1[r] = a[ar + 1];
                t2[r] = a[ar + 2];
                t3[r] = a[ar + 3];
                t4[r] = a[ar + 4];
                t5[r] = a[ar + 5];
                t6[r] = a[ar + 6];
                t7[r] = a[ar + 7];
            }
            return;
        }
        for (int q = 0; q < g; q++) {
            double[] tq = xt[q];
            for (int r = 0, ar = a0 + p0 + q; r < len; r++, ar += k) {
                tq[r] = a[ar];
            }
        }
    }

    /**
     * Rows {@code [from, to)} of {@code c[n, m] += alpha * a^T b} with {@code a [k, n]},
     * {@code b [k, m]}: for each row p of both, {@code ct[j][i] += b[p, j] * a[p, i]} along
     * the chunk {@code i in [from, to)} of a's row, copied into its own array.
     */
    private static void columnChunks(int from, int to, int n, int m, int k, double alpha,
                                     double[] a, int aOff, int[] aRows, double[] b, double[] c) {
        int len = to - from;
        Scratch s = SCRATCH.get();
        double[][] ct = s.ct(m, len);
        double[][] rows = s.xt(4, len);
        double[] x0 = rows[0];
        double[] x1 = rows[1];
        double[] x2 = rows[2];
        double[] x3 = rows[3];
        for (int j = 0; j < m; j++) {
            java.util.Arrays.fill(ct[j], 0, len, 0.0);
        }
        int p = 0;
        for (; p + 3 < k; p += 4) {
            System.arraycopy(a, Kernels.rowStart(aOff, aRows, p, n) + from, x0, 0, len);
            System.arraycopy(a, Kernels.rowStart(aOff, aRows, p + 1, n) + from, x1, 0, len);
            System.arraycopy(a, Kernels.rowStart(aOff, aRows, p + 2, n) + from, x2, 0, len);
            System.arraycopy(a, Kernels.rowStart(aOff, aRows, p + 3, n) + from, x3, 0, len);
            multiplyAdd4(ct, m, len, x0, x1, x2, x3, b, p * m, 1, m);
        }
        for (; p + 1 < k; p += 2) {
            System.arraycopy(a, Kernels.rowStart(aOff, aRows, p, n) + from, x0, 0, len);
            System.arraycopy(a, Kernels.rowStart(aOff, aRows, p + 1, n) + from, x1, 0, len);
            multiplyAdd2(ct, m, len, x0, x1, b, p * m, 1, m);
        }
        if (p < k) {
            System.arraycopy(a, Kernels.rowStart(aOff, aRows, p, n) + from, x0, 0, len);
            multiplyAdd1(ct, m, len, x0, b, p * m, 1);
        }
        for (int i = 0; i < len; i++) {
            int ci = (from + i) * m;
            for (int j = 0; j < m; j++) {
                c[ci + j] = Math.fma(ct[j][i], alpha, c[ci + j]);
            }
        }
    }

    /**
     * {@code ct[j][0, len) += s0 x0 + s1 x1 + s2 x2 + s3 x3} for every {@code j < m}, where
     * {@code sq = b[b0 + j * bj + q * bp]}: four rows of the reduction per pass over the
     * accumulators (see the class comment for why not more rows, or several {@code j}, per loop).
     */
    private static void multiplyAdd4(double[][] ct, int m, int len, double[] x0, double[] x1, double[] x2,
                                     double[] x3, double[] b, int b0, int bj, int bp) {
        for (int j = 0, bi = b0; j < m; j++, bi += bj) {
            double s0 = b[bi];
            double s1 = b[bi + bp];
            double s2 = b[bi + 2 * bp];
            double s3 = b[bi + 3 * bp];
            double[] cj = ct[j];
            for (int r = 0; r < len; r++) {
                cj[r] = Math.fma(s3, x3[r], Math.fma(s2, x2[r], Math.fma(s1, x1[r], Math.fma(s0, x0[r], cj[r]))));
            }
        }
    }

    /** {@link #multiplyAdd4} for two rows of the reduction (what is left when k % 4 >= 2). */
    private static void multiplyAdd2(double[][] ct, int m, int len, double[] x0, double[] x1, double[] b,
                                     int b0, int bj, int bp) {
        for (int j = 0, bi = b0; j < m; j++, bi += bj) {
            double s0 = b[bi];
            double s1 = b[bi + bp];
            double[] cj = ct[j];
            for (int r = 0; r < len; r++) {
                cj[r] = Math.fma(s1, x1[r], Math.fma(s0, x0[r], cj[r]));
            }
        }
    }

    /** {@link #multiplyAdd4} for the last row of the reduction when k is odd. */
    private static void multiplyAdd1(double[][] ct, int m, int len, double[] x0, double[] b, int b0, int bj) {
        for (int j = 0, bi = b0; j < m; j++, bi += bj) {
            double s0 = b[bi];
            double[] cj = ct[j];
            for (int r = 0; r < len; r++) {
                cj[r] = Math.fma(s0, x0[r], cj[r]);
            }
        }
    }

    @Override
    public void columnSums(double[] b, int k, int m, double[] sums) {
        java.util.Arrays.fill(sums, 0, m, 0.0);
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < m; j++) {
                sums[j] += b[p * m + j];
            }
        }
    }

    /**
     * Eight columns of {@code b} at a time (then four, then one), the column's values of them in
     * local variables while its entries add into their rows' sums. The same steps per element
     * as {@link Kernels#compressedRows} says. Loading the values of {@code b} once per column
     * instead of once per entry: 98 against 133 ms for MNIST's 375 training blocks on 1 thread.
     */
    @Override
    public void compressedRows(CompressedRows.Block block, double[] b, int m, double[] sums, int mp) {
        int k = block.start.length - 1;
        int[] start = block.start;
        byte[] row = block.row;
        double[] value = block.value;
        for (int p = 0; p < k; p++) {
            int e0 = start[p];
            int e1 = start[p + 1];
            int j = 0;
            for (; j + 7 < m; j += 8) {
                int bp = p * m + j;
                double w0 = b[bp];
                double w1 = b[bp + 1];
                double w2 = b[bp + 2];
                double w3 = b[bp + 3];
                double w4 = b[bp + 4];
                double w5 = b[bp + 5];
                double w6 = b[bp + 6];
                double w7 = b[bp + 7];
                for (int e = e0; e < e1; e++) {
                    double d = value[e];
                    int s = row[e] * mp + j;
                    sums[s] = Math.fma(d, w0, sums[s]);
                    sums[s + 1] = Math.fma(d, w1, sums[s + 1]);
                    sums[s + 2] = Math.fma(d, w2, sums[s + 2]);
                    sums[s + 3] = Math.fma(d, w3, sums[s + 3]);
                    sums[s + 4] = Math.fma(d, w4, sums[s + 4]);
                    sums[s + 5] = Math.fma(d, w5, sums[s + 5]);
                    sums[s + 6] = Math.fma(d, w6, sums[s + 6]);
                    sums[s + 7] = Math.fma(d, w7, sums[s + 7]);
                }
            }
            for (; j + 3 < m; j += 4) {
                int bp = p * m + j;
                double w0 = b[bp];
                double w1 = b[bp + 1];
                double w2 = b[bp + 2];
                double w3 = b[bp + 3];
                for (int e = e0; e < e1; e++) {
                    double d = value[e];
                    int s = row[e] * mp + j;
                    sums[s] = Math.fma(d, w0, sums[s]);
                    sums[s + 1] = Math.fma(d, w1, sums[s + 1]);
                    sums[s + 2] = Math.fma(d, w2, sums[s + 2]);
                    sums[s + 3] = Math.fma(d, w3, sums[s + 3]);
                }
            }
            for (; j < m; j++) {
                double w = b[p * m + j];
                for (int e = e0; e < e1; e++) {
                    int s = row[e] * mp + j;
                    sums[s] = Math.fma(value[e], w, sums[s]);
                }
            }
        }
    }

    /**
     * Eight columns of {@code g} at a time (then four, then one), their sums in local variables
     * over the column's entries (a sum in an array is loaded and stored at every entry, and
     * stayed scalar); the same steps per element as {@link Kernels#compressedColumns} says.
     * Eight against four: 73 against 89 ms for MNIST's 375 training blocks on 1 thread (sixteen
     * gave 68, not worth twice the lines; strips of eight padded with zeros past {@code m}, 113).
     */
    @Override
    public void compressedColumns(CompressedRows.Block block, double[] g, int g0, int m, double[] v, double alpha,
                                  double[] c) {
        int k = block.start.length - 1;
        int[] start = block.start;
        byte[] row = block.row;
        double[] value = block.value;
        for (int p = 0; p < k; p++) {
            int e0 = start[p];
            int e1 = start[p + 1];
            int cp = p * m;
            int j = 0;
            for (; j + 7 < m; j += 8) {
                double t0 = v[j];
                double t1 = v[j + 1];
                double t2 = v[j + 2];
                double t3 = v[j + 3];
                double t4 = v[j + 4];
                double t5 = v[j + 5];
                double t6 = v[j + 6];
                double t7 = v[j + 7];
                for (int e = e0; e < e1; e++) {
                    double d = value[e];
                    int r = g0 + row[e] * m + j;
                    t0 = Math.fma(d, g[r], t0);
                    t1 = Math.fma(d, g[r + 1], t1);
                    t2 = Math.fma(d, g[r + 2], t2);
                    t3 = Math.fma(d, g[r + 3], t3);
                    t4 = Math.fma(d, g[r + 4], t4);
                    t5 = Math.fma(d, g[r + 5], t5);
                    t6 = Math.fma(d, g[r + 6], t6);
                    t7 = Math.fma(d, g[r + 7], t7);
                }
                c[cp + j] = Math.fma(t0, alpha, c[cp + j]);
                c[cp + j + 1] = Math.fma(t1, alpha, c[cp + j + 1]);
                c[cp + j + 2] = Math.fma(t2, alpha, c[cp + j + 2]);
                c[cp + j + 3] = Math.fma(t3, alpha, c[cp + j + 3]);
                c[cp + j + 4] = Math.fma(t4, alpha, c[cp + j + 4]);
                c[cp + j + 5] = Math.fma(t5, alpha, c[cp + j + 5]);
                c[cp + j + 6] = Math.fma(t6, alpha, c[cp + j + 6]);
                c[cp + j + 7] = Math.fma(t7, alpha, c[cp + j + 7]);
            }
            for (; j + 3 < m; j += 4) {
                double t0 = v[j];
                double t1 = v[j + 1];
                double t2 = v[j + 2];
                double t3 = v[j + 3];
                for (int e = e0; e < e1; e++) {
                    double d = value[e];
                    int r = g0 + row[e] * m + j;
                    t0 = Math.fma(d, g[r], t0);
                    t1 = Math.fma(d, g[r + 1], t1);
                    t2 = Math.fma(d, g[r + 2], t2);
                    t3 = Math.fma(d, g[r + 3], t3);
                }
                c[cp + j] = Math.fma(t0, alpha, c[cp + j]);
                c[cp + j + 1] = Math.fma(t1, alpha, c[cp + j + 1]);
                c[cp + j + 2] = Math.fma(t2, alpha, c[cp + j + 2]);
                c[cp + j + 3] = Math.fma(t3, alpha, c[cp + j + 3]);
            }
            for (; j < m; j++) {
                double t = v[j];
                for (int e = e0; e < e1; e++) {
                    t = Math.fma(value[e], g[g0 + row[e] * m + j], t);
                }
                c[cp + j] = Math.fma(t, alpha, c[cp + j]);
            }
        }
    }

    /** a [k, n] and b [m, k], both read transposed; rare, kept simple. */
    private static void gemmTT(int n, int m, int k, double alpha, double[] a, int aOff, int[] aRows, double[] b,
                               double[] c) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                int bj = j * k;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[Kernels.rowStart(aOff, aRows, p, n) + i], b[bj + p], s);
                }
                c[i * m + j] = Math.fma(s, alpha, c[i * m + j]);
            }
        }
    }

    /** Growable buffers per thread: a copied block, the transposed columns and the accumulators. */
    private static final class Scratch {
        private double[] rows = new double[0];
        private double[][] xt = new double[0][0];
        private double[][] ct = new double[0][0];

        double[] rows(int size) {
            if (rows.length < size) {
                rows = new double[size];
            }
            return rows;
        }

        private double[] partial = new double[0];

        double[] partial(int size) {
            if (partial.length < size) {
                partial = new double[size];
            }
            return partial;
        }

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
