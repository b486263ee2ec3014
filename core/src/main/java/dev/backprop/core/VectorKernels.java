package dev.backprop.core;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link Kernels} on the Vector API ({@code jdk.incubator.vector}), loaded only when the JVM
 * has that module (see {@link Kernels#SELECTED}).
 *
 * <p>One register-blocked loop does all the work ({@link #block4x3}): 4 rows of scalars times 3
 * vectors of {@link #SPECIES} (8 doubles on AVX-512), so 12 accumulators stay in registers and
 * each step loads 3 vectors and broadcasts 4 scalars for 12 fused multiply-adds. (24
 * accumulators made JDK 17's C2 stop keeping the vectors in registers: gigabytes of garbage.)
 * Both operands are read through strides, so the two products take the same loop with their
 * roles set so that vectors run along memory:
 * <ul>
 *   <li>{@code c = a op(b)} (the forward {@code X W}; also {@code G W^T}): scalars are 4 rows of
 *       {@code a}, vectors are rows of a copy of {@code op(b)} padded to whole vectors
 *       ({@code m = 21} becomes 24 = 3 vectors); {@code k} is walked in blocks of
 *       {@link #DEPTH_BLOCK} rows so the block of {@code op(b)} is in L1 for every row group.</li>
 *   <li>{@code c = a^T b} (the weight gradient {@code X^T G}, {@code a [k, n]}, {@code b [k, m]}):
 *       computed as {@code c^T = b^T a}: scalars are 4 columns of {@code b} (a padded copy), vectors
 *       are 3 vectors along a row of {@code a}, read in place, so {@code a} is never copied or
 *       transposed. {@code k} is walked in blocks of {@link #TRANSPOSED_DEPTH} rows and, within a
 *       block, 24 columns of {@code a} at a time serve every group of 4 columns of {@code b}
 *       while they are in L1. The sums, kept transposed between blocks, are added into
 *       {@code c} at the end.</li>
 * </ul>
 * Products that would leave vectors mostly empty ({@code m} or {@code k} under 4) and
 * {@code a^T b^T} go to {@link PortableKernels}.
 *
 * <p>Parallel chunks are cut by shape only, and every element is summed over {@code k} in order,
 * one fused multiply-add per term, whichever chunk, register block or edge loop computes it:
 * results are bit-identical for any thread count (and differ from the portable kernels' in the
 * last bits: a fused multiply-add rounds once).
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /** Rows of scalars per register block. */
    private static final int ROWS = 4;
    /** Vectors per register block: 4 x 3 = 12 accumulators. */
    private static final int VECTORS = 3;
    /** Rows of {@code c} per parallel task of {@code a op(b)}. */
    private static final int ROW_CHUNK = 1024;
    /**
     * Rows of {@code c} whose sums are kept while {@code a op(b)} walks {@code k} in depth blocks:
     * few enough that their rows of {@code a}, read piece by piece, stay streams the hardware
     * prefetches (64 rows measured 1.5x slower when {@code a} came from memory).
     */
    private static final int ROW_BLOCK = 16;
    /** Widest chunk of {@code c}'s rows (a's columns) per parallel task of {@code a^T b}. */
    private static final int COLUMN_CHUNK = 256;
    /** Rows of {@code op(b)} per pass of {@code a op(b)}: 64 rows of 3 vectors (4 cache lines) are 16 KB, within L1. */
    private static final int DEPTH_BLOCK = 64;
    /**
     * Rows of {@code a} per pass of {@code a^T b}: each pass reads 3 vectors from each of these
     * rows in turn, so few rows keep the reads prefetched streams when {@code a} comes from memory
     * (16 rows: 48,000-row products 1.2x faster than 64).
     */
    private static final int TRANSPOSED_DEPTH = 16;
    /** Below this in {@code m} or {@code k}, vectors would be mostly padding. */
    private static final int MIN_SIDE = 4;

    /** Per-thread buffers, reused from call to call so a training step allocates nothing here. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Kernels portable = new PortableKernels();

    @Override
    public String name() {
        return "vector (" + L + " doubles per vector)";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public void gemm(boolean ta, boolean tb, int n, int m, int k, double alpha, double[] a,
                     double[] b, double beta, double[] c) {
        if ((ta && tb) || m < MIN_SIDE || k < MIN_SIDE) {
            portable.gemm(ta, tb, n, m, k, alpha, a, b, beta, c);
            return;
        }
        Kernels.scale(c, n * m, beta);
        if (n == 0) {
            return;
        }
        int mp = (m + L - 1) / L * L;
        boolean parallel = (long) n * m * k >= PortableKernels.PARALLEL_WORK;
        if (ta) {
            int chunks = (n + COLUMN_CHUNK - 1) / COLUMN_CHUNK;
            int width = ((n + chunks - 1) / chunks + L - 1) / L * L;
            Parallelism.forChunks(n, width, parallel, (from, to) -> {
                transposedRows(from, to, n, m, k, mp, alpha, a, b, c);
                return 0;
            });
        } else {
            // Packed once by the calling thread; the chunks only read it.
            double[] bp = SCRATCH.get().packed(k * mp);
            pack(tb, m, k, mp, b, 0, k, bp);
            Parallelism.forChunks(n, ROW_CHUNK, parallel, (from, to) -> {
                rows(from, to, m, k, mp, alpha, a, bp, c);
                return 0;
            });
        }
    }

    /**
     * Rows {@code [from, to)} of {@code c += alpha * a bp}, {@code a [n, k]}: in blocks of
     * {@link #ROW_BLOCK} rows, each over {@code k} in blocks of {@link #DEPTH_BLOCK}, so that the
     * block of {@code bp} (64 rows of 3 vectors) stays in L1 while the 4 groups of 4 rows pass
     * over it (all of {@code bp}, 150 KB for 784 x 24, would come from L2 at each group).
     */
    private static void rows(int from, int to, int m, int k, int mp, double alpha, double[] a,
                             double[] bp, double[] c) {
        double[] sums = SCRATCH.get().acc(ROW_BLOCK * mp);
        DoubleVector va = DoubleVector.broadcast(SPECIES, alpha);
        for (int i0 = from; i0 < to; i0 += ROW_BLOCK) {
            int rows = Math.min(ROW_BLOCK, to - i0);
            Arrays.fill(sums, 0, rows * mp, 0.0);
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int len = Math.min(DEPTH_BLOCK, k - p0);
                int i = 0;
                for (; i + ROWS <= rows; i += ROWS) {
                    int x = (i0 + i) * k + p0;
                    int j = 0;
                    for (; j + VECTORS * L <= mp; j += VECTORS * L) {
                        block4x3(a, x, k, 1, len, bp, p0 * mp + j, mp, sums, i * mp + j, mp);
                    }
                    for (; j < mp; j += L) {
                        block4x1(a, x, k, 1, len, bp, p0 * mp + j, mp, sums, i * mp + j, mp);
                    }
                }
                for (; i < rows; i++) {
                    for (int j = 0; j < mp; j += L) {
                        block1x1(a, (i0 + i) * k + p0, 1, len, bp, p0 * mp + j, mp, sums, i * mp + j);
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int cr = (i0 + r) * m;
                int sr = r * mp;
                int j = 0;
                for (; j + L <= m; j += L) {
                    DoubleVector.fromArray(SPECIES, sums, sr + j)
                            .fma(va, DoubleVector.fromArray(SPECIES, c, cr + j)).intoArray(c, cr + j);
                }
                for (; j < m; j++) {
                    c[cr + j] = Math.fma(sums[sr + j], alpha, c[cr + j]);
                }
            }
        }
    }

    /**
     * Rows {@code [from, to)} of {@code c[n, m] += alpha * a^T b}, {@code a [k, n]}, {@code b [k, m]},
     * as {@code sums[j, i - from] = sum over p of b[p, j] * a[p, i]}: per block of
     * {@link #TRANSPOSED_DEPTH} rows, 3 (then 1) vectors of a's row at a time against each group of 4
     * columns of the padded block of {@code b} (the padding's zero columns included: 3 wasted
     * columns of 24 cost less than a 1-column loop, which waits on each fused multiply-add); the
     * columns past the last whole vector (only at the end of a's rows) one by one.
     */
    private static void transposedRows(int from, int to, int n, int m, int k, int mp, double alpha,
                                       double[] a, double[] b, double[] c) {
        int width = to - from;
        int vectors = width / L * L;
        int cs = (width + L - 1) / L * L;
        Scratch s = SCRATCH.get();
        double[] sums = s.acc(mp * cs);
        double[] bp = s.block(Math.min(k, TRANSPOSED_DEPTH) * mp);
        Arrays.fill(sums, 0, mp * cs, 0.0);
        for (int p0 = 0; p0 < k; p0 += TRANSPOSED_DEPTH) {
            int len = Math.min(k, p0 + TRANSPOSED_DEPTH) - p0;
            pack(false, m, k, mp, b, p0, p0 + len, bp);
            int q = p0 * n + from;
            for (int i = 0; i < vectors; ) {
                int step = vectors - i >= VECTORS * L ? VECTORS * L : L;
                int j = 0;
                for (; j + ROWS <= mp; j += ROWS) {     // over the zero padding too: no 1-row chain
                    if (step == L) {
                        block4x1(bp, j, 1, mp, len, a, q + i, n, sums, j * cs + i, cs);
                    } else {
                        block4x3(bp, j, 1, mp, len, a, q + i, n, sums, j * cs + i, cs);
                    }
                }
                for (; j < mp; j++) {
                    for (int v = 0; v < step; v += L) {
                        block1x1(bp, j, mp, len, a, q + i + v, n, sums, j * cs + i + v);
                    }
                }
                i += step;
            }
            for (int i = vectors; i < width; i++) {
                for (int j = 0; j < m; j++) {
                    double sum = sums[j * cs + i];
                    for (int p = 0; p < len; p++) {
                        sum = Math.fma(bp[p * mp + j], a[q + p * n + i], sum);
                    }
                    sums[j * cs + i] = sum;
                }
            }
        }
        for (int i = 0; i < width; i++) {
            int ci = (from + i) * m;
            for (int j = 0; j < m; j++) {
                c[ci + j] = Math.fma(sums[j * cs + i], alpha, c[ci + j]);
            }
        }
    }

    /** {@code bp[p - p0, j] = op(b)[p, j]} for {@code p in [p0, p1)}, zero for {@code m <= j < mp}. */
    private static void pack(boolean tb, int m, int k, int mp, double[] b, int p0, int p1, double[] bp) {
        for (int p = p0; p < p1; p++) {
            int row = (p - p0) * mp;
            if (tb) {
                for (int j = 0; j < m; j++) {
                    bp[row + j] = b[j * k + p];
                }
            } else {
                System.arraycopy(b, p * m, bp, row, m);
            }
            Arrays.fill(bp, row + m, row + mp, 0.0);
        }
    }

    /**
     * {@code acc[t + r * cs + v * L + l] += sum over s < len of x[x0 + r * xr + s * xs] * w[w0 + s * ws + v * L + l]}
     * for 4 rows {@code r} and 3 vectors {@code v}: 12 accumulators, 3 loads and 4 broadcasts per step.
     */
    private static void block4x3(double[] x, int x0, int xr, int xs, int len, double[] w, int w0, int ws,
                                 double[] acc, int t, int cs) {
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, acc, t + L);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, acc, t + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, acc, t + cs);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, acc, t + cs + L);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, acc, t + cs + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, acc, t + 2 * cs);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, acc, t + 2 * cs + L);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, acc, t + 2 * cs + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, acc, t + 3 * cs);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, acc, t + 3 * cs + L);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, acc, t + 3 * cs + 2 * L);
        for (int s = 0, xi = x0, wi = w0; s < len; s++, xi += xs, wi += ws) {
            DoubleVector w0v = DoubleVector.fromArray(SPECIES, w, wi);
            DoubleVector w1v = DoubleVector.fromArray(SPECIES, w, wi + L);
            DoubleVector w2v = DoubleVector.fromArray(SPECIES, w, wi + 2 * L);
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[xi]);
            c00 = v.fma(w0v, c00);
            c01 = v.fma(w1v, c01);
            c02 = v.fma(w2v, c02);
            v = DoubleVector.broadcast(SPECIES, x[xi + xr]);
            c10 = v.fma(w0v, c10);
            c11 = v.fma(w1v, c11);
            c12 = v.fma(w2v, c12);
            v = DoubleVector.broadcast(SPECIES, x[xi + 2 * xr]);
            c20 = v.fma(w0v, c20);
            c21 = v.fma(w1v, c21);
            c22 = v.fma(w2v, c22);
            v = DoubleVector.broadcast(SPECIES, x[xi + 3 * xr]);
            c30 = v.fma(w0v, c30);
            c31 = v.fma(w1v, c31);
            c32 = v.fma(w2v, c32);
        }
        c00.intoArray(acc, t);
        c01.intoArray(acc, t + L);
        c02.intoArray(acc, t + 2 * L);
        c10.intoArray(acc, t + cs);
        c11.intoArray(acc, t + cs + L);
        c12.intoArray(acc, t + cs + 2 * L);
        c20.intoArray(acc, t + 2 * cs);
        c21.intoArray(acc, t + 2 * cs + L);
        c22.intoArray(acc, t + 2 * cs + 2 * L);
        c30.intoArray(acc, t + 3 * cs);
        c31.intoArray(acc, t + 3 * cs + L);
        c32.intoArray(acc, t + 3 * cs + 2 * L);
    }

    /** {@link #block4x3} with 1 vector: the vectors left after the groups of 3. */
    private static void block4x1(double[] x, int x0, int xr, int xs, int len, double[] w, int w0, int ws,
                                 double[] acc, int t, int cs) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, acc, t + cs);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, acc, t + 2 * cs);
        DoubleVector c3 = DoubleVector.fromArray(SPECIES, acc, t + 3 * cs);
        for (int s = 0, xi = x0, wi = w0; s < len; s++, xi += xs, wi += ws) {
            DoubleVector wv = DoubleVector.fromArray(SPECIES, w, wi);
            c0 = DoubleVector.broadcast(SPECIES, x[xi]).fma(wv, c0);
            c1 = DoubleVector.broadcast(SPECIES, x[xi + xr]).fma(wv, c1);
            c2 = DoubleVector.broadcast(SPECIES, x[xi + 2 * xr]).fma(wv, c2);
            c3 = DoubleVector.broadcast(SPECIES, x[xi + 3 * xr]).fma(wv, c3);
        }
        c0.intoArray(acc, t);
        c1.intoArray(acc, t + cs);
        c2.intoArray(acc, t + 2 * cs);
        c3.intoArray(acc, t + 3 * cs);
    }

    /** {@link #block4x3} with 1 row and 1 vector: the rows left after the groups of 4. */
    private static void block1x1(double[] x, int x0, int xs, int len, double[] w, int w0, int ws,
                                 double[] acc, int t) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, acc, t);
        for (int s = 0, xi = x0, wi = w0; s < len; s++, xi += xs, wi += ws) {
            c0 = DoubleVector.broadcast(SPECIES, x[xi]).fma(DoubleVector.fromArray(SPECIES, w, wi), c0);
        }
        c0.intoArray(acc, t);
    }

    /** Growable per-thread buffers: the packed {@code op(b)} of a call, a chunk's packed block and sums. */
    private static final class Scratch {
        private double[] packed = new double[0];
        private double[] block = new double[0];
        private double[] acc = new double[0];

        double[] packed(int size) {
            if (packed.length < size) {
                packed = new double[size];
            }
            return packed;
        }

        double[] block(int size) {
            if (block.length < size) {
                block = new double[size];
            }
            return block;
        }

        double[] acc(int size) {
            if (acc.length < size) {
                acc = new double[size];
            }
            return acc;
        }
    }
}
