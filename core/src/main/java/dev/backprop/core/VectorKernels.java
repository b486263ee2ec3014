package dev.backprop.core;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link Kernels} on the Vector API ({@code jdk.incubator.vector}), loaded only when the JVM
 * has that module (see {@link Kernels#SELECTED}).
 *
 * <p>Every product is computed as {@code acc[i, j] += op(a)[i, p] * op(b)[p, j]}, summed over
 * {@code p} in order with one fused multiply-add per term, on a copy of {@code op(b)} whose rows
 * are padded to whole vectors of {@link #SPECIES} ({@code m = 21} becomes 24 = 3 vectors of 8
 * doubles on AVX-512). A register block of {@link #ROWS} rows of {@code c} by
 * {@link #VECTORS} vectors keeps 12 accumulators in registers: per {@code p} it loads 3 vectors
 * of {@code b} and broadcasts 4 scalars of {@code a} for 12 fused multiply-adds. (24
 * accumulators made JDK 17's C2 stop keeping the vectors in registers: gigabytes of garbage.)
 * {@code a} is read in place through two strides, so {@code a} and {@code a^T} take the same
 * loop:
 * <ul>
 *   <li>{@code a op(b)} (the forward {@code X W}, and {@code G W^T}): over rows of {@code c},
 *       4 at a time, each run over all of {@code k} against the packed {@code op(b)};</li>
 *   <li>{@code a^T b} (the weight gradient {@code X^T G}, {@code a [k, n]}): rows of {@code c}
 *       are columns of {@code a}; {@code k} is walked in blocks of {@link #DEPTH_BLOCK} rows so a
 *       block of {@code a} stays in L2 while every row group of {@code c} passes over it, the
 *       partial sums kept in a buffer between blocks (which does not change their order).</li>
 * </ul>
 * Products that leave vectors mostly empty ({@code m} or {@code k} under 4) and {@code a^T b^T}
 * go to {@link PortableKernels}.
 *
 * <p>Parallel chunks are cut by shape only, and each element's sum runs in the same order
 * whatever chunk or register block computes it: results are bit-identical for any thread
 * count (they differ from the portable kernels' in the last bits: a fused multiply-add rounds
 * once).
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /** Rows of {@code c} per register block. */
    private static final int ROWS = 4;
    /** Vectors of {@code c} per register block: 4 x 3 = 12 accumulators. */
    private static final int VECTORS = 3;
    /** Rows of {@code c} per parallel task of {@code a op(b)}. */
    private static final int ROW_CHUNK = 1024;
    /** Widest chunk of {@code c}'s rows (a's columns) per parallel task of {@code a^T b}. */
    private static final int COLUMN_CHUNK = 256;
    /** Rows of {@code a} per pass of {@code a^T b}: 256 x 256 doubles is 512 KB, within L2. */
    private static final int DEPTH_BLOCK = 256;
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
            int width = ((n + chunks - 1) / chunks + ROWS - 1) / ROWS * ROWS;
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

    /** Rows {@code [from, to)} of {@code c += alpha * a bp}, {@code a [n, k]}, 4 rows at a time. */
    private static void rows(int from, int to, int m, int k, int mp, double alpha, double[] a,
                             double[] bp, double[] c) {
        double[] acc = SCRATCH.get().acc(ROWS * mp);
        for (int i = from; i < to; i += ROWS) {
            int rows = Math.min(ROWS, to - i);
            Arrays.fill(acc, 0, rows * mp, 0.0);
            accumulate(a, k, 1, i, rows, 0, k, bp, mp, acc, 0);
            store(alpha, acc, mp, c, i, rows, m);
        }
    }

    /**
     * Rows {@code [from, to)} of {@code c[n, m] += alpha * a^T b}, {@code a [k, n]}, {@code b [k, m]}:
     * over blocks of {@link #DEPTH_BLOCK} rows of {@code a} and {@code b}, all row groups of the
     * chunk pass over the block while it is in cache.
     */
    private static void transposedRows(int from, int to, int n, int m, int k, int mp, double alpha,
                                       double[] a, double[] b, double[] c) {
        Scratch s = SCRATCH.get();
        double[] acc = s.acc((to - from) * mp);
        double[] bp = s.block(Math.min(k, DEPTH_BLOCK) * mp);
        Arrays.fill(acc, 0, (to - from) * mp, 0.0);
        for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
            int p1 = Math.min(k, p0 + DEPTH_BLOCK);
            pack(false, m, k, mp, b, p0, p1, bp);
            for (int i = from; i < to; i += ROWS) {
                accumulate(a, 1, n, i, Math.min(ROWS, to - i), p0, p1, bp, mp, acc, (i - from) * mp);
            }
        }
        store(alpha, acc, mp, c, from, to - from, m);
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
     * {@code acc[t + r * mp + j] += sum over p in [p0, p1) of a[(i + r) * ars + p * aps] * bp[p - p0, j]}
     * for the {@code rows <= 4} rows {@code r} and all {@code mp} columns: register blocks of 4 rows
     * by 3 vectors, then by 1 vector; fewer than 4 rows one row and vector at a time.
     */
    private static void accumulate(double[] a, int ars, int aps, int i, int rows, int p0, int p1,
                                   double[] bp, int mp, double[] acc, int t) {
        if (rows == ROWS) {
            int j = 0;
            for (; j + VECTORS * L <= mp; j += VECTORS * L) {
                block4x3(a, ars, aps, i, p0, p1, bp, mp, j, acc, t + j);
            }
            for (; j < mp; j += L) {
                block4x1(a, ars, aps, i, p0, p1, bp, mp, j, acc, t + j);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < mp; j += L) {
                    block1x1(a, ars, aps, i + r, p0, p1, bp, mp, j, acc, t + r * mp + j);
                }
            }
        }
    }

    /** 4 rows by 3 vectors from column {@code j}: 12 accumulators, 3 loads and 4 broadcasts per p. */
    private static void block4x3(double[] a, int ars, int aps, int i, int p0, int p1, double[] bp,
                                 int mp, int j, double[] acc, int t) {
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, acc, t + L);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, acc, t + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, acc, t + mp);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, acc, t + mp + L);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, acc, t + mp + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, acc, t + 2 * mp);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, acc, t + 2 * mp + L);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, acc, t + 2 * mp + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, acc, t + 3 * mp);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, acc, t + 3 * mp + L);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, acc, t + 3 * mp + 2 * L);
        for (int p = p0, x = i * ars + p0 * aps, q = j; p < p1; p++, x += aps, q += mp) {
            DoubleVector w0 = DoubleVector.fromArray(SPECIES, bp, q);
            DoubleVector w1 = DoubleVector.fromArray(SPECIES, bp, q + L);
            DoubleVector w2 = DoubleVector.fromArray(SPECIES, bp, q + 2 * L);
            DoubleVector v = DoubleVector.broadcast(SPECIES, a[x]);
            c00 = v.fma(w0, c00);
            c01 = v.fma(w1, c01);
            c02 = v.fma(w2, c02);
            v = DoubleVector.broadcast(SPECIES, a[x + ars]);
            c10 = v.fma(w0, c10);
            c11 = v.fma(w1, c11);
            c12 = v.fma(w2, c12);
            v = DoubleVector.broadcast(SPECIES, a[x + 2 * ars]);
            c20 = v.fma(w0, c20);
            c21 = v.fma(w1, c21);
            c22 = v.fma(w2, c22);
            v = DoubleVector.broadcast(SPECIES, a[x + 3 * ars]);
            c30 = v.fma(w0, c30);
            c31 = v.fma(w1, c31);
            c32 = v.fma(w2, c32);
        }
        c00.intoArray(acc, t);
        c01.intoArray(acc, t + L);
        c02.intoArray(acc, t + 2 * L);
        c10.intoArray(acc, t + mp);
        c11.intoArray(acc, t + mp + L);
        c12.intoArray(acc, t + mp + 2 * L);
        c20.intoArray(acc, t + 2 * mp);
        c21.intoArray(acc, t + 2 * mp + L);
        c22.intoArray(acc, t + 2 * mp + 2 * L);
        c30.intoArray(acc, t + 3 * mp);
        c31.intoArray(acc, t + 3 * mp + L);
        c32.intoArray(acc, t + 3 * mp + 2 * L);
    }

    /** 4 rows by 1 vector from column {@code j} (the columns left after the 3-vector blocks). */
    private static void block4x1(double[] a, int ars, int aps, int i, int p0, int p1, double[] bp,
                                 int mp, int j, double[] acc, int t) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, acc, t + mp);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, acc, t + 2 * mp);
        DoubleVector c3 = DoubleVector.fromArray(SPECIES, acc, t + 3 * mp);
        for (int p = p0, x = i * ars + p0 * aps, q = j; p < p1; p++, x += aps, q += mp) {
            DoubleVector w = DoubleVector.fromArray(SPECIES, bp, q);
            c0 = DoubleVector.broadcast(SPECIES, a[x]).fma(w, c0);
            c1 = DoubleVector.broadcast(SPECIES, a[x + ars]).fma(w, c1);
            c2 = DoubleVector.broadcast(SPECIES, a[x + 2 * ars]).fma(w, c2);
            c3 = DoubleVector.broadcast(SPECIES, a[x + 3 * ars]).fma(w, c3);
        }
        c0.intoArray(acc, t);
        c1.intoArray(acc, t + mp);
        c2.intoArray(acc, t + 2 * mp);
        c3.intoArray(acc, t + 3 * mp);
    }

    /** Row {@code i} by 1 vector from column {@code j} (the rows left after the 4-row blocks). */
    private static void block1x1(double[] a, int ars, int aps, int i, int p0, int p1, double[] bp,
                                 int mp, int j, double[] acc, int t) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, acc, t);
        for (int p = p0, x = i * ars + p0 * aps, q = j; p < p1; p++, x += aps, q += mp) {
            c0 = DoubleVector.broadcast(SPECIES, a[x]).fma(DoubleVector.fromArray(SPECIES, bp, q), c0);
        }
        c0.intoArray(acc, t);
    }

    /**
     * {@code c[i + r, j] += alpha * acc[r, j]} for {@code r < rows}, {@code j < m}, as one fused
     * multiply-add per element: whole vectors, then the last few columns one by one.
     */
    private static void store(double alpha, double[] acc, int mp, double[] c, int i, int rows, int m) {
        DoubleVector va = DoubleVector.broadcast(SPECIES, alpha);
        for (int r = 0; r < rows; r++) {
            int cr = (i + r) * m;
            int ar = r * mp;
            int j = 0;
            for (; j + L <= m; j += L) {
                DoubleVector.fromArray(SPECIES, acc, ar + j)
                        .fma(va, DoubleVector.fromArray(SPECIES, c, cr + j)).intoArray(c, cr + j);
            }
            for (; j < m; j++) {
                c[cr + j] = Math.fma(alpha, acc[ar + j], c[cr + j]);
            }
        }
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
