package dev.backprop.core;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link Kernels} on the Vector API ({@code jdk.incubator.vector}), loaded only when the JVM
 * has that module (see {@link Kernels#SELECTED}).
 *
 * <p>All the work is register blocks of 7 scalars ({@link #GROUP}) times 3 vectors of
 * {@link #SPECIES} (8 doubles on AVX-512): 21 accumulators stay in registers and each step loads
 * 3 vectors and broadcasts 7 scalars for 21 fused multiply-adds. (In an early prototype, 24
 * accumulators made JDK 17's C2 stop keeping the vectors in registers: gigabytes of garbage; 8
 * rows of 3 vectors here stay in registers but ran no faster, see {@link #GROUP}. 4-double
 * vectors, which might have avoided AVX-512's lower clock, measured 2x slower on a Xeon.) The
 * vectors come from {@code op(b)} in panels of 3 vectors' width, packed (zero-padded; a last
 * partial panel is padded whole, so at most one panel is wasted), except a {@code b [k, m]} of
 * at most one panel's width ({@code m = 21}: the lesson's {@code W}), read in place with its
 * next row's first values in the lanes past {@code m}, whose sums are never used; each step
 * advances by a constant. The scalars come from {@code a}, read in place:
 * <ul>
 *   <li>{@code c = a op(b)} (the forward {@code X W}; also {@code G W^T}), {@link #rowBlock}:
 *       the scalars are 7 rows of {@code a}, each read along the row ({@link #rowBlock4}
 *       takes 4 of the rows left over). {@code k} is walked in blocks of
 *       {@link #DEPTH_BLOCK} rows so the block of the panel is in L1 for every group of rows.</li>
 *   <li>{@code c = a^T b} (the weight gradient {@code X^T G}, {@code a [k, n]}, {@code b [k, m]}),
 *       {@link #columnBlock}: the scalars are 7 adjacent columns of {@code a} ({@link #GROUP}),
 *       taken row after row, so the sums come out in {@code c}'s own row order and {@code a} is
 *       never copied or transposed. {@code k} is walked in blocks of {@link #TRANSPOSED_DEPTH} rows
 *       (an eighth of a training step's row block). This
 *       replaced computing {@code c^T = b^T a} (vectors along {@code a}'s rows), whose transposed
 *       sums and 16-row passes made the 128- and 64-row products 1.2x and 1.6x slower (tried again
 *       with 7 x 3 register blocks, where no lane is padding for m = 21: 260 against 222 us for
 *       128 rows of 768 columns in cache, same bits).</li>
 * </ul>
 * Both keep their sums in tiles of a register block's rows by one panel ({@link #tile}), so
 * the accumulators sit at fixed distances: with a row stride as a parameter, C2 ran out of general registers,
 * parked a loop offset in a vector register, and the loop waited on moving it back (the weight
 * gradient kernel measured 1.2-1.6x faster with tiles).
 * The two kernels are separate methods, each with its strides fixed in its loop, because C2
 * compiles them on their own (they are too big to inline) with one profile each: one method
 * with both strides as parameters made the forward product 7% slower (three launches each,
 * 66.1-66.7 against 60.7-62.6 ms per 469 row blocks) for the same weight gradient. Bounds checks
 * turned out not to matter here (turning the Vector API's off changed nothing measurable).
 * Products that would leave vectors mostly empty ({@code m} or {@code k} under 4) and
 * {@code a^T b^T} go to {@link PortableKernels}.
 *
 * <p>Zeros in {@code a} are multiplied like any other value. Raw MNIST pixels are 81 % zeros,
 * and skipping the groups of 8 columns where two rows are both zero gives the same bits, but a
 * scratch version (1 thread, 14 rounds alternated with these kernels) was slower: finding the
 * groups reads all of {@code a}, and two rows at a time reuse each load of the panel twice
 * instead of 7 times. The lesson's inputs, standardized per row, have almost no zeros: their
 * blank pixels are one background value per row. Skipping those changes the rounding; it is
 * done for read-only matrices, compressed once ({@link CompressedRows}, with
 * {@link #compressedRows} and {@link #compressedColumns} here).
 *
 * <p>Parallel chunks are cut by shape only, and every element is summed over {@code k} in order
 * (or in the two parts of {@link Kernels#depthPart}, each in order, then added), one fused
 * multiply-add per term from zero, then added into {@code c} with {@code alpha}, whichever chunk,
 * register block or edge loop computes it: results are bit-identical for any thread count and to
 * the portable kernels', which do the same.
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /**
     * Scalars per register block: rows of {@code a} in {@link #rowBlock}, columns of {@code a} in
     * {@link #columnBlock}; 7 x 3 = 21 accumulators, 3 loads and 7 broadcasts per 21 fused
     * multiply-adds (784 = 112 x 7: the weight gradient of MNIST's rows has no columns left over).
     * The loop's fixed costs (loads of the panel, counters, bounds checks) are shared by more
     * multiply-adds, and C2 still keeps the 21 vectors in registers. Each step went from 4 rows
     * (12 accumulators) to 6, then to 7:
     * <ul>
     *   <li>6 against 4, epochs alternated in one JVM: 6 columns in the weight gradient won 20, 25
     *       and 23 of 30 full-batch epochs on 2 threads (about 6 % faster) and 23 of 30 on 1
     *       thread; then 6 rows in the forward product won 21 and 24 of 30 on 2 threads and 26 of
     *       30 on 1, while mini-batch epochs came out even or better.</li>
     *   <li>7 against 6, alone on data in cache, alternated in one JVM: the forward kernel ran
     *       5-23 % faster (34.5 -> 42.5 GFLOPS when the machine was quiet, 25.6 -> 26.9 when not),
     *       the weight gradient kernel 3-6 %; epochs: mini-batch won 23 and 26 of 30 on 2 threads
     *       (137.7 -> 130.7 and 160.4 -> 149.8 ms); full-batch won 16, 20 and 28 of 30 on 2
     *       threads (medians within 1 %, then 133.1 -> 127.4 ms) and 15 of 20 on 1.</li>
     *   <li>8 rows (24 accumulators, which C2 now kept in registers too) against 7, alone in cache:
     *       from 4 % slower to 11 % faster on JDK 17 and 6 % slower on JDK 25, so not taken.</li>
     * </ul>
     */
    private static final int GROUP = 7;
    /** Vectors per register block: 7 x 3 = 21 accumulators. */
    private static final int VECTORS = 3;
    /** Columns of a packed panel: the 3 vectors of a register block. */
    private static final int PANEL = VECTORS * L;
    /** Rows of {@code c} per parallel task of {@code a op(b)}, at most. */
    private static final int ROW_CHUNK = 1024;
    /**
     * Rows of {@code c} whose sums are kept while {@code a op(b)} walks {@code k} in depth blocks:
     * few enough that their rows of {@code a}, read piece by piece, stay streams the hardware
     * prefetches (64 rows measured 1.5x slower when {@code a} came from memory): two register
     * blocks of 7 rows (with blocks of 6 rows it was 16: 6 + 6 + 4).
     */
    private static final int ROW_BLOCK = 14;
    /**
     * Rows of {@code c} (columns of {@code a}) per parallel task of {@code a^T b}, at most: a
     * multiple of {@link #GROUP} (it was 256, so the capped tasks of a wider {@code a} did 4
     * columns outside the register blocks).
     */
    private static final int COLUMN_CHUNK = 252;
    /**
     * Rows of {@code op(b)} per pass of {@code a op(b)}: 64 rows of a 24-column panel are 12 KB,
     * within L1 (other row blocks, 32 to 128, with passes of 32 to 196 rows measured no better).
     */
    private static final int DEPTH_BLOCK = 64;
    /**
     * Rows of {@code a} and {@code b} per pass of {@code a^T b}: a pass reads a cache line from
     * each of its rows in turn, and its rows of {@code a} (16 x 784 doubles, 100 KB) stay in L2
     * beside the sums (784 x 24, 150 KB) while every group of 7 columns of {@code a} passes over
     * the packed block of {@code b} in L1; from memory, few rows also keep the reads streams the
     * hardware prefetches (48,000 x 784: 16 rows about 1.5x faster than 64 or 128). A training
     * step's whole row block (128 rows, 800 KB) per pass did not fit beside the sums (1.15-1.3x
     * slower). In the lesson's full-batch epoch, epochs alternated in one JVM, 16 rows beat 32 in
     * 28, 30 and 18 rounds of 30 (medians 177 -> 149, 241 -> 169, 118 -> 113 ms; the gap was
     * largest when the machine was slow, that is shared) and tied in a fourth; they beat 8 rows
     * in 23 of 30, and 24 rows tied. Alone, on a block already in the cache and nothing else
     * competing for L2, 32 rows are about 10 % faster (128 rows: 157 against 172 us). For a
     * mini-batch's 64 rows picked by index, 16 rows won 21 of 24 epochs alternated in one JVM
     * against 32 (103.5 against 111.6 ms), 20 of 24 against 64 and 23 of 24 against 8.
     */
    private static final int TRANSPOSED_DEPTH = 16;
    /**
     * Below this in {@code m}, vectors would be mostly padding. A small {@code k} is no reason
     * to leave: the output layer's {@code dX = G W2^T} (k = 1, 128 x 21) took 3.4 us here
     * against 6.7 in the portable kernels.
     */
    private static final int MIN_SIDE = 4;

    /** A tile of zeros, where {@link #columnBlock}'s sums start in a first pass. */
    private static final double[] ZERO_TILE = new double[GROUP * PANEL];

    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);
    private static final DoubleVector LN2_HI = DoubleVector.broadcast(SPECIES, Exponential.LN2_HI);
    private static final DoubleVector LN2_LO = DoubleVector.broadcast(SPECIES, Exponential.LN2_LO);

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

    /**
     * In strips of 3 vectors of columns ({@link #STRIP}): per column of the block, the strip of
     * {@code b}'s row loaded once, then one fused multiply-add per vector for each entry, into
     * its row's sums. Lanes past {@code m} carry the next row of {@code b} (or zeros,
     * {@link #endRows}) into sums that are never read. The same steps as the portable loops,
     * strip by strip.
     */
    @Override
    public void compressedRows(CompressedRows.Block block, double[] b, int m, double[] sums, int mp) {
        if (mp % STRIP != 0) {
            portable.compressedRows(block, b, m, sums, mp);
            return;
        }
        int k = block.start.length - 1;
        int[] start = block.start;
        byte[] row = block.row;
        double[] value = block.value;
        for (int j0 = 0; j0 < m; j0 += STRIP) {
            int safe = safeRows(b.length - j0, k, m);
            double[] end = endRows(b, safe, k, m);
            for (int p = 0; p < k; p++) {
                int e0 = start[p];
                int e1 = start[p + 1];
                if (e0 == e1) {
                    continue;
                }
                double[] w = p < safe ? b : end;
                int o = (p < safe ? p * m : (p - safe) * m) + j0;
                DoubleVector w0 = DoubleVector.fromArray(SPECIES, w, o);
                DoubleVector w1 = DoubleVector.fromArray(SPECIES, w, o + L);
                DoubleVector w2 = DoubleVector.fromArray(SPECIES, w, o + 2 * L);
                for (int e = e0; e < e1; e++) {
                    DoubleVector d = DoubleVector.broadcast(SPECIES, value[e]);
                    int r = row[e] * mp + j0;
                    d.fma(w0, DoubleVector.fromArray(SPECIES, sums, r)).intoArray(sums, r);
                    d.fma(w1, DoubleVector.fromArray(SPECIES, sums, r + L)).intoArray(sums, r + L);
                    d.fma(w2, DoubleVector.fromArray(SPECIES, sums, r + 2 * L)).intoArray(sums, r + 2 * L);
                }
            }
        }
    }

    /** Columns per strip of the compressed kernels: 3 vectors (24 on AVX-512; the lesson's 21 fit one). */
    private static final int STRIP = 3 * L;

    /** Sums along the rows of {@code b}, a strip of 3 vectors at a time (lanes past {@code m} are never read). */
    @Override
    public void columnSums(double[] b, int k, int m, double[] sums) {
        double[] all = SCRATCH.get().acc(STRIP);
        for (int j0 = 0; j0 < m; j0 += STRIP) {
            int safe = safeRows(b.length - j0, k, m);
            double[] end = endRows(b, safe, k, m);
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            for (int p = 0; p < safe; p++) {
                int o = p * m + j0;
                s0 = s0.add(DoubleVector.fromArray(SPECIES, b, o));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, b, o + L));
                s2 = s2.add(DoubleVector.fromArray(SPECIES, b, o + 2 * L));
            }
            for (int p = safe; p < k; p++) {
                int o = (p - safe) * m + j0;
                s0 = s0.add(DoubleVector.fromArray(SPECIES, end, o));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, end, o + L));
                s2 = s2.add(DoubleVector.fromArray(SPECIES, end, o + 2 * L));
            }
            s0.intoArray(all, 0);
            s1.intoArray(all, L);
            s2.intoArray(all, 2 * L);
            System.arraycopy(all, 0, sums, j0, Math.min(STRIP, m - j0));
        }
    }

    /**
     * Rows {@code p} of {@code b [k, m]} (a strip starting {@code length} values before the end
     * of {@code b}) whose 3 vectors from {@code p * m} lie inside the array: {@code p < safe}.
     */
    private static int safeRows(int length, int k, int m) {
        return length < STRIP ? 0 : Math.min(k, (length - STRIP) / m + 1);
    }

    /**
     * Rows {@code [safe, k)} of {@code b [k, m]} copied and padded with zeros, so that the 3
     * vectors of any strip can be loaded whole. (A masked load at the end instead made C2 box the
     * vectors of the whole loop on JDK 17: gigabytes of garbage per epoch.)
     */
    private static double[] endRows(double[] b, int safe, int k, int m) {
        double[] end = SCRATCH.get().packed((k - safe) * m + STRIP);
        System.arraycopy(b, safe * m, end, 0, (k - safe) * m);
        Arrays.fill(end, (k - safe) * m, (k - safe) * m + STRIP, 0.0);
        return end;
    }

    /**
     * In strips of 3 vectors of columns: per column of the block, three vectors of sums in
     * registers, one fused multiply-add per vector for each entry with its row of {@code g}
     * (copied first into rows of whole strips, so no load runs past a row or the array), then
     * added into {@code c}: whole vectors where they lie inside {@code m}, the last lanes one by
     * one. The same steps as the portable loops, strip by strip.
     */
    @Override
    public void compressedColumns(CompressedRows.Block block, double[] g, int g0, int m, double[] v, double alpha,
                                  double[] c) {
        int w = (m + STRIP - 1) / STRIP * STRIP;
        Scratch s = SCRATCH.get();
        double[] gp = s.block((block.rows + 2) * w);
        for (int r = 0; r < block.rows; r++) {
            System.arraycopy(g, g0 + r * m, gp, r * w, m);
        }
        int vp = block.rows * w;            // gp's next row: v; the row after: a strip's lanes
        int t0 = vp + w;
        System.arraycopy(v, 0, gp, vp, m);
        DoubleVector va = DoubleVector.broadcast(SPECIES, alpha);
        int k = block.start.length - 1;
        int[] start = block.start;
        byte[] row = block.row;
        double[] value = block.value;
        for (int j0 = 0; j0 < m; j0 += STRIP) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, gp, vp + j0);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, gp, vp + j0 + L);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, gp, vp + j0 + 2 * L);
            int whole = Math.min(3, (m - j0) / L);    // vectors of this strip wholly inside m
            for (int p = 0; p < k; p++) {
                DoubleVector a0 = v0;
                DoubleVector a1 = v1;
                DoubleVector a2 = v2;
                for (int e = start[p]; e < start[p + 1]; e++) {
                    DoubleVector d = DoubleVector.broadcast(SPECIES, value[e]);
                    int r = row[e] * w + j0;
                    a0 = d.fma(DoubleVector.fromArray(SPECIES, gp, r), a0);
                    a1 = d.fma(DoubleVector.fromArray(SPECIES, gp, r + L), a1);
                    a2 = d.fma(DoubleVector.fromArray(SPECIES, gp, r + 2 * L), a2);
                }
                int cp = p * m + j0;
                if (whole > 0) {
                    a0.fma(va, DoubleVector.fromArray(SPECIES, c, cp)).intoArray(c, cp);
                }
                if (whole > 1) {
                    a1.fma(va, DoubleVector.fromArray(SPECIES, c, cp + L)).intoArray(c, cp + L);
                }
                if (whole > 2) {
                    a2.fma(va, DoubleVector.fromArray(SPECIES, c, cp + 2 * L)).intoArray(c, cp + 2 * L);
                } else {                        // the lanes left, one by one
                    a0.intoArray(gp, t0);
                    a1.intoArray(gp, t0 + L);
                    a2.intoArray(gp, t0 + 2 * L);
                    for (int j = whole * L; j < Math.min(STRIP, m - j0); j++) {
                        c[cp + j] = Math.fma(gp[t0 + j], alpha, c[cp + j]);
                    }
                }
            }
        }
    }

    /** Four vectors of partial sums. */
    @Override
    public int firstNonFinite(double[] a, int from, int to) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = from;
        for (; i + 4 * L <= to; i += 4 * L) {
            s0 = s0.add(DoubleVector.fromArray(SPECIES, a, i));
            s1 = s1.add(DoubleVector.fromArray(SPECIES, a, i + L));
            s2 = s2.add(DoubleVector.fromArray(SPECIES, a, i + 2 * L));
            s3 = s3.add(DoubleVector.fromArray(SPECIES, a, i + 3 * L));
        }
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            s += a[i];
        }
        return Double.isFinite(s) ? -1 : Kernels.firstNonFiniteOf(a, from, to);
    }

    /**
     * {@link Exponential}'s steps lane by lane, then {@link Tensor#sigmoid(double)}'s: additions,
     * multiplications, fused multiply-adds, a division and bit operations, each exact or correctly
     * rounded in every JIT tier, so the bits equal the scalar method's (the Vector API's
     * {@code EXP} would not: C2's differs from the interpreter's in the last bits). The tail
     * that does not fill a vector is the scalar method itself. Its 37 vector operations can use
     * up C2's limit of failed class checks per compilation, after which the final store boxes
     * each vector; {@code ./backprop} raises the limit (see benchmarks/README.md).
     */
    @Override
    public void sigmoid(double[] x, double[] y, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, i);
            DoubleVector t = v.abs().neg();
            DoubleVector shifted = t.mul(Exponential.LOG2_E).add(Exponential.ROUNDER);
            DoubleVector minusK = shifted.sub(Exponential.ROUNDER).neg();
            DoubleVector r = minusK.fma(LN2_LO, minusK.fma(LN2_HI, t));
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            // Estrin's pairs hi * r + lo, as Exponential groups them.
            DoubleVector q0 = r.fma(Exponential.C5, Exponential.C4)
                    .fma(r2, r.fma(Exponential.C3, Exponential.C2));
            DoubleVector q1 = r.fma(Exponential.C9, Exponential.C8)
                    .fma(r2, r.fma(Exponential.C7, Exponential.C6));
            DoubleVector q2 = r.fma(Exponential.C13, Exponential.C12)
                    .fma(r2, r.fma(Exponential.C11, Exponential.C10));
            DoubleVector q = q2.fma(r4, q1).fma(r4, q0);
            DoubleVector p = q.fma(r, ONE).fma(r, ONE);
            LongVector k = shifted.reinterpretAsLongs().sub(Exponential.ROUNDER_BITS);
            LongVector half = k.lanewise(VectorOperators.ASHR, 1);
            DoubleVector e = p.mul(powerOfTwo(half)).mul(powerOfTwo(k.sub(half)))
                    .blend(0.0, t.compare(VectorOperators.LE, Exponential.UNDERFLOW));
            DoubleVector s = e.add(1.0);
            DoubleVector positive = ONE.div(s);
            e.mul(positive).blend(positive, v.compare(VectorOperators.GE, 0.0)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Tensor.sigmoid(x[i]);
        }
    }

    /** {@code 2^n} lane by lane, for {@code -1022 <= n <= 1023}, from its exponent bits. */
    private static DoubleVector powerOfTwo(LongVector n) {
        return n.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    }

    @Override
    public void gemm(boolean ta, boolean tb, int n, int m, int k, double alpha, double[] a, int aOff,
                     int[] aRows, double[] b, double beta, double[] c) {
        if ((ta && tb) || m < MIN_SIDE || k == 0) {
            portable.gemm(ta, tb, n, m, k, alpha, a, aOff, aRows, b, beta, c);
            return;
        }
        Kernels.scale(c, n * m, beta);
        if (n == 0) {
            return;
        }
        int mp = (m + PANEL - 1) / PANEL * PANEL;
        boolean parallel = (long) n * m * k >= PARALLEL_WORK;
        if (ta) {
            Parallelism.forRange(n, chunk(n, GROUP, GROUP, COLUMN_CHUNK), parallel, (from, to) -> {
                transposedRows(from, to, n, m, k, mp, alpha, a, aOff, aRows, b, c);
                return 0;
            });
        } else if (!tb && m <= PANEL) {
            // One panel, read in place: packing W (784 x 21) took 10-15 % of a forward product,
            // on the calling thread alone. Its last rows, whose vectors would run past the end
            // of b, come from a zero-padded copy.
            int safe = Math.max(0, k - (PANEL - 1) / m);
            double[] end = SCRATCH.get().packed((k - safe) * m + PANEL);
            System.arraycopy(b, safe * m, end, 0, (k - safe) * m);
            Arrays.fill(end, (k - safe) * m, (k - safe) * m + PANEL, 0.0);
            product(n, m, k, mp, alpha, a, aOff, aRows, b, m, safe, end, c, parallel);
        } else {
            // Packed once by the calling thread; the chunks only read it.
            double[] bp = SCRATCH.get().packed(k * mp);
            pack(tb, m, k, mp, b, 0, k, bp);
            product(n, m, k, mp, alpha, a, aOff, aRows, bp, PANEL, k, bp, c, parallel);
        }
    }

    /**
     * {@code c += alpha * a op(b)} with {@code op(b)} as panels ({@link #rows}), shared out by
     * rows, or by parts of {@code k} ({@link Kernels#depthPart}): each part's sums for all rows
     * go to a buffer of their own, then the parts are added in order.
     */
    private static void product(int n, int m, int k, int mp, double alpha, double[] a, int aOff, int[] aRows,
                                double[] w, int ws, int safe, double[] end, double[] c, boolean parallel) {
        int part = Kernels.depthPart(false, n, m, k);
        if (part == k) {
            Parallelism.forRange(n, chunk(n, 1, 2 * ROW_BLOCK, ROW_CHUNK), parallel, (from, to) -> {
                rows(from, to, m, k, mp, alpha, a, aOff, aRows, w, ws, safe, end, c);
                return 0;
            });
            return;
        }
        int size = tiled(n, mp);
        int parts = (k + part - 1) / part;
        double[] partial = SCRATCH.get().partial(parts * size);
        Parallelism.forChunks(k, part, parallel, (q0, q1) -> {
            double[] sums = SCRATCH.get().acc(tiled(ROW_BLOCK, mp));
            int o = q0 / part * size;
            for (int i0 = 0; i0 < n; i0 += ROW_BLOCK) {
                int rows = Math.min(ROW_BLOCK, n - i0);
                blockSums(i0, rows, q0, q1, k, mp, a, aOff, aRows, w, ws, safe, end, sums);
                System.arraycopy(sums, 0, partial, o + tile(i0, 0, mp), tiled(rows, mp));
            }
            return 0;
        });
        for (int q = 1; q < parts; q++) {
            for (int i = 0, o = q * size; i < size; i += L) {
                DoubleVector.fromArray(SPECIES, partial, i).add(DoubleVector.fromArray(SPECIES, partial, o + i))
                        .intoArray(partial, i);
            }
        }
        addScaled(partial, mp, n, alpha, c, 0, m);
    }

    /**
     * Rows of {@code c} per parallel task for {@code n} rows: a quarter of them, or a half when a
     * quarter would be under {@code least}, or all; rounded up to a whole multiple of
     * {@code unit} and at most {@code max}, so the tasks are at most four (unless {@code max}
     * caps them), the last one shorter. A function of the shape only, like every chunking here.
     * With {@code unit} 1 (rows of {@code a op(b)}) that is 4, 2 or 1 equal tasks, which keep 2
     * and 4 threads evenly busy: a 64-row batch goes in halves of 32 (14 + 14 + 4 rows in
     * register blocks; its quarters would leave 2 rows each to the one-row loop), a 128-row block
     * in quarters of 32. With {@code unit} 7 (columns of {@code a^T b}, whole register blocks)
     * a 784-row weight gradient goes in quarters of 196.
     * <ul>
     *   <li>The forward product of a 64-row mini-batch went in tasks of 28, 28 and 8 rows (a
     *       quarter rounded up to whole row blocks), so on 2 threads one did 36 rows: halves won
     *       21 of 24 mini-batch epochs alternated in one JVM (106.6 against 109.4 ms). Other
     *       sizes changed too (128 rows: 4 of 32 instead of 42, 42, 42 and 2), unmeasured: the
     *       lesson's full-batch blocks run their products whole, one block per lane.</li>
     *   <li>For a mini-batch's weight gradient on 2 threads, halves and eighths were slower than
     *       quarters: epochs alternated in one JVM, 111.4 against 102.6 ms and 116.4 against 107.7.</li>
     * </ul>
     */
    static int chunk(int n, int unit, int least, int max) {
        int count = 4;
        while (count > 1 && n < count * least) {
            count /= 2;
        }
        int size = (n + count - 1) / count;
        return Math.max(1, Math.min(max, (size + unit - 1) / unit * unit));
    }

    /**
     * Rows {@code [from, to)} of {@code c += alpha * a op(b)}, {@code a [n, k]} from {@code a[aOff]}: in blocks of
     * {@link #ROW_BLOCK} rows, each over {@code k} in blocks of {@link #DEPTH_BLOCK}, so that the
     * block of a panel (64 rows of 3 vectors) stays in L1 while the groups of rows (7 and 7)
     * pass over it (a whole panel, 150 KB for k = 784, would come from L2 at each group).
     * (Copying each group's rows side by side first, so the scalars come from one place,
     * measured slower.)
     * Row {@code p < safe} of the panel at {@code j0} is {@code w[j0 * k + p * ws ...]}, row
     * {@code p >= safe} is {@code end[(p - safe) * ws ...]}: packed panels have {@code ws = PANEL}
     * and no end; a single panel read in place from {@code b} has {@code ws = m}.
     */
    private static void rows(int from, int to, int m, int k, int mp, double alpha, double[] a, int aOff, int[] aRows,
                             double[] w, int ws, int safe, double[] end, double[] c) {
        double[] sums = SCRATCH.get().acc(tiled(ROW_BLOCK, mp));
        for (int i0 = from; i0 < to; i0 += ROW_BLOCK) {
            int rows = Math.min(ROW_BLOCK, to - i0);
            blockSums(i0, rows, 0, k, k, mp, a, aOff, aRows, w, ws, safe, end, sums);
            addScaled(sums, mp, rows, alpha, c, i0, m);
        }
    }

    /**
     * The sums over {@code p in [q0, q1)} of rows {@code [i0, i0 + rows)} ({@code rows <=}
     * {@link #ROW_BLOCK}) into {@code sums}, from zero, in tiles ({@link #tile}); the panels as
     * in {@link #rows}.
     */
    private static void blockSums(int i0, int rows, int q0, int q1, int k, int mp, double[] a, int aOff, int[] aRows,
                                  double[] w, int ws, int safe, double[] end, double[] sums) {
        Arrays.fill(sums, 0, tiled(rows, mp), 0.0);
        for (int p0 = q0; p0 < q1; p0 += DEPTH_BLOCK) {
            int p1 = Math.min(q1, p0 + DEPTH_BLOCK);
            int split = Math.max(p0, Math.min(p1, safe));
            for (int j0 = 0; j0 < mp; j0 += PANEL) {
                pass(a, aOff, aRows, i0, rows, k, p0, split - p0, w, j0 * k + p0 * ws, ws, sums, j0, mp);
                pass(a, aOff, aRows, i0, rows, k, split, p1 - split, end, (split - safe) * ws, ws, sums, j0, mp);
            }
        }
    }

    /**
     * Columns {@code [p0, p0 + len)} of the {@code rows} rows of {@code a} from row {@code i0}
     * (see {@link Kernels#gemm} for where they are) against the panel rows at {@code w[w0]},
     * {@code ws} apart: 7 rows at a time, then 4, then one by one.
     */
    private static void pass(double[] a, int aOff, int[] aRows, int i0, int rows, int k, int p0, int len, double[] w,
                             int w0, int ws, double[] sums, int j0, int mp) {
        if (len == 0) {
            return;
        }
        int i = 0;
        if (aRows == null) {
            int a0 = aOff + i0 * k + p0;
            for (; i + GROUP <= rows; i += GROUP) {
                rowBlock(a, a0 + i * k, k, len, w, w0, ws, sums, tile(i, j0, mp));
            }
            if (rows - i >= 4) {   // e.g. 4 of the 5 rows left of a 12-row chunk; their tile has room for 7
                rowBlock4(a, a0 + i * k, k, len, w, w0, ws, sums, tile(i, j0, mp));
                i += 4;
            }
        } else {
            int a0 = aOff + p0;
            for (; i + GROUP <= rows; i += GROUP) {
                int r = i0 + i;
                rowBlockAt(a, a0 + aRows[r] * k, a0 + aRows[r + 1] * k, a0 + aRows[r + 2] * k,
                        a0 + aRows[r + 3] * k, a0 + aRows[r + 4] * k, a0 + aRows[r + 5] * k, a0 + aRows[r + 6] * k,
                        len, w, w0, ws, sums, tile(i, j0, mp));
            }
            if (rows - i >= 4) {
                int r = i0 + i;
                rowBlock4At(a, a0 + aRows[r] * k, a0 + aRows[r + 1] * k, a0 + aRows[r + 2] * k,
                        a0 + aRows[r + 3] * k, len, w, w0, ws, sums, tile(i, j0, mp));
                i += 4;
            }
        }
        for (; i < rows; i++) {
            oneRow(a, Kernels.rowStart(aOff, aRows, i0 + i, k) + p0, 1, len, w, w0, ws, sums, tile(i, j0, mp));
        }
    }

    /**
     * Where the sums of row {@code i} (of a block) and panel {@code j0} start. The sums are kept
     * in tiles of 7 rows by {@link #PANEL} columns, one tile per group of rows and panel, so a
     * register block's vectors are consecutive: fewer live offsets in its loop (C2 kept one of
     * them in a vector register, and the loop waited on moving it back).
     */
    private static int tile(int i, int j0, int mp) {
        return (i / GROUP) * GROUP * mp + j0 * GROUP + (i % GROUP) * PANEL;
    }

    /** The size of the tiles of {@code rows} rows: whole groups of 7 rows by {@code mp} columns. */
    private static int tiled(int rows, int mp) {
        return (rows + GROUP - 1) / GROUP * GROUP * mp;
    }

    /**
     * Rows {@code [from, to)} of {@code c[n, m] += alpha * a^T b}, {@code a [k, n]} from {@code a[aOff]}, {@code b [k, m]},
     * as {@code sums[i - from, j] = sum over p of a[p, i] * b[p, j]}: per block of
     * {@link #TRANSPOSED_DEPTH} rows of {@code a} and {@code b}, the block of {@code b} is packed into panels, then each group of 7
     * columns of {@code a} (7 scalars side by side in each row, read in place) goes through the
     * block row after row against 3 vectors of a panel. The sums come out in {@code c}'s own
     * row order (in tiles, see {@link #tile}) and are added into {@code c} at the end.
     */
    private static void transposedRows(int from, int to, int n, int m, int k, int mp, double alpha,
                                       double[] a, int aOff, int[] aRows, double[] b, double[] c) {
        int width = to - from;
        int groups = width / GROUP * GROUP;
        Scratch s = SCRATCH.get();
        double[] sums = s.acc(tiled(width, mp));
        double[] bp = s.block(Math.min(k, TRANSPOSED_DEPTH) * mp);
        // The groups' sums start from zero in their first pass; only the edge rows' are cleared
        // here. Clearing all of them (784 x 24 values per weight gradient) made the full-batch
        // epoch about 2 % slower: the first-pass start won 93 of 150 alternated epochs.
        Arrays.fill(sums, tile(groups, 0, mp), tiled(width, mp), 0.0);
        for (int p0 = 0; p0 < k; p0 += TRANSPOSED_DEPTH) {
            int len = Math.min(k, p0 + TRANSPOSED_DEPTH) - p0;
            pack(false, m, k, mp, b, p0, p0 + len, bp);
            int q = aOff + p0 * n + from;
            int[] starts = aRows == null ? null : rowStarts(aOff, aRows, p0, len, n, from, s);
            for (int j0 = 0; j0 < mp; j0 += PANEL) {
                int w = j0 * len;
                for (int i = 0; i < groups; i += GROUP) {
                    if (aRows == null) {
                        columnBlock(a, q + i, n, len, bp, w, sums, tile(i, j0, mp), p0 == 0);
                    } else {
                        columnBlockAt(a, starts, i, len, bp, w, sums, tile(i, j0, mp), p0 == 0);
                    }
                }
                for (int i = groups; i < width; i++) {
                    if (aRows == null) {
                        oneRow(a, q + i, n, len, bp, w, PANEL, sums, tile(i, j0, mp));
                    } else {
                        oneColumnAt(a, starts, i, len, bp, w, sums, tile(i, j0, mp));
                    }
                }
            }
        }
        addScaled(sums, mp, width, alpha, c, from, m);
    }

    /**
     * Where rows {@code aRows[p0 .. p0 + len)} of {@code a} ({@code n} wide, from {@code a[aOff]})
     * have their column {@code from}: looked up once per depth block, so that
     * {@link #columnBlockAt} adds its group's column to a start at each step instead of
     * computing the start from the index there (mini-batch epochs alternated in one JVM won 17,
     * 20 and 22 of 30 on 2 threads, medians 1-7 % faster, and 13 of 20 on 1 thread).
     */
    private static int[] rowStarts(int aOff, int[] aRows, int p0, int len, int n, int from, Scratch s) {
        int[] starts = s.starts(len);
        for (int r = 0; r < len; r++) {
            starts[r] = Kernels.rowStart(aOff, aRows, p0 + r, n) + from;
        }
        return starts;
    }

    /**
     * {@code c[c0 + r, j] += alpha * sums[r, j]} for {@code r < rows}, {@code j < m}, one rounding
     * each; row {@code r}'s sums are in tiles ({@link #tile}), a panel at a time. A panel of at
     * least a vector's width ends with one vector ending at its last column, which may overlap
     * the vector before it: it is computed from {@code c} before the others are stored, so the
     * overlapping lanes are stored twice with the same value (a scalar tail of 5 updates per
     * row of 21 cost about as much as the 2 vectors).
     */
    private static void addScaled(double[] sums, int mp, int rows, double alpha, double[] c, int c0, int m) {
        DoubleVector va = DoubleVector.broadcast(SPECIES, alpha);
        for (int r = 0; r < rows; r++) {
            int cr = (c0 + r) * m;
            for (int j0 = 0; j0 < m; j0 += PANEL) {
                int sr = tile(r, j0, mp) - j0;   // sums[sr + j] for j in this panel
                int end = Math.min(m, j0 + PANEL);
                if (end - j0 < L) {
                    for (int j = j0; j < end; j++) {
                        c[cr + j] = Math.fma(sums[sr + j], alpha, c[cr + j]);
                    }
                    continue;
                }
                int last = end - L;
                DoubleVector tail = DoubleVector.fromArray(SPECIES, sums, sr + last)
                        .fma(va, DoubleVector.fromArray(SPECIES, c, cr + last));
                for (int j = j0; j < last; j += L) {
                    DoubleVector.fromArray(SPECIES, sums, sr + j)
                            .fma(va, DoubleVector.fromArray(SPECIES, c, cr + j)).intoArray(c, cr + j);
                }
                tail.intoArray(c, cr + last);
            }
        }
    }

    /**
     * Rows {@code [p0, p1)} of {@code op(b) [k, m]} packed into panels of {@link #PANEL} columns,
     * zero past column {@code m}: the panel of columns {@code [j0, j0 + PANEL)} is
     * {@code bp[j0 * (p1 - p0) ...]}, row after row, so the kernels step through it by a constant.
     */
    private static void pack(boolean tb, int m, int k, int mp, double[] b, int p0, int p1, double[] bp) {
        int len = p1 - p0;
        for (int j0 = 0; j0 < mp; j0 += PANEL) {
            int width = Math.min(PANEL, m - j0);
            for (int p = p0; p < p1; p++) {
                int row = j0 * len + (p - p0) * PANEL;
                if (tb) {
                    for (int j = 0; j < width; j++) {
                        bp[row + j] = b[(j0 + j) * k + p];
                    }
                } else {
                    System.arraycopy(b, p * m + j0, bp, row, width);
                }
                Arrays.fill(bp, row + width, row + PANEL, 0.0);
            }
        }
    }

    /**
     * {@code acc[t + r * PANEL + j] += sum over s < len of x[x0 + r * xr + s] * w[w0 + s * ws + j]}
     * for 7 rows {@code r} of {@code x}, read in place, and the 3 vectors of a panel, whose sums
     * are a tile ({@link #tile}): 21 accumulators, 3 loads and 7 broadcasts per step. Every offset
     * advances by a constant, and the tile's fixed layout leaves few offsets live in the loop
     * (a step {@code ws} passed in measured the same as the constant {@link #PANEL}). Two steps
     * per iteration measured slower (6 rows, 128 rows in cache: 117 against 139 us), and so did
     * one offset per row passed in instead of {@code xr} (127-135 us), which rows read by index would need.
     */
    private static void rowBlock(double[] x, int x0, int xr, int len, double[] w, int w0, int ws,
                                 double[] acc, int t) {
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, acc, t + L);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, acc, t + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, acc, t + PANEL);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, acc, t + PANEL + L);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, acc, t + PANEL + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL + L);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL + L);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL + 2 * L);
        DoubleVector c40 = DoubleVector.fromArray(SPECIES, acc, t + 4 * PANEL);
        DoubleVector c41 = DoubleVector.fromArray(SPECIES, acc, t + 4 * PANEL + L);
        DoubleVector c42 = DoubleVector.fromArray(SPECIES, acc, t + 4 * PANEL + 2 * L);
        DoubleVector c50 = DoubleVector.fromArray(SPECIES, acc, t + 5 * PANEL);
        DoubleVector c51 = DoubleVector.fromArray(SPECIES, acc, t + 5 * PANEL + L);
        DoubleVector c52 = DoubleVector.fromArray(SPECIES, acc, t + 5 * PANEL + 2 * L);
        DoubleVector c60 = DoubleVector.fromArray(SPECIES, acc, t + 6 * PANEL);
        DoubleVector c61 = DoubleVector.fromArray(SPECIES, acc, t + 6 * PANEL + L);
        DoubleVector c62 = DoubleVector.fromArray(SPECIES, acc, t + 6 * PANEL + 2 * L);
        for (int s = 0, wi = w0, xi = x0; s < len; s++, wi += ws, xi++) {
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
            v = DoubleVector.broadcast(SPECIES, x[xi + 4 * xr]);
            c40 = v.fma(w0v, c40);
            c41 = v.fma(w1v, c41);
            c42 = v.fma(w2v, c42);
            v = DoubleVector.broadcast(SPECIES, x[xi + 5 * xr]);
            c50 = v.fma(w0v, c50);
            c51 = v.fma(w1v, c51);
            c52 = v.fma(w2v, c52);
            v = DoubleVector.broadcast(SPECIES, x[xi + 6 * xr]);
            c60 = v.fma(w0v, c60);
            c61 = v.fma(w1v, c61);
            c62 = v.fma(w2v, c62);
        }
        c00.intoArray(acc, t);
        c01.intoArray(acc, t + L);
        c02.intoArray(acc, t + 2 * L);
        c10.intoArray(acc, t + PANEL);
        c11.intoArray(acc, t + PANEL + L);
        c12.intoArray(acc, t + PANEL + 2 * L);
        c20.intoArray(acc, t + 2 * PANEL);
        c21.intoArray(acc, t + 2 * PANEL + L);
        c22.intoArray(acc, t + 2 * PANEL + 2 * L);
        c30.intoArray(acc, t + 3 * PANEL);
        c31.intoArray(acc, t + 3 * PANEL + L);
        c32.intoArray(acc, t + 3 * PANEL + 2 * L);
        c40.intoArray(acc, t + 4 * PANEL);
        c41.intoArray(acc, t + 4 * PANEL + L);
        c42.intoArray(acc, t + 4 * PANEL + 2 * L);
        c50.intoArray(acc, t + 5 * PANEL);
        c51.intoArray(acc, t + 5 * PANEL + L);
        c52.intoArray(acc, t + 5 * PANEL + 2 * L);
        c60.intoArray(acc, t + 6 * PANEL);
        c61.intoArray(acc, t + 6 * PANEL + L);
        c62.intoArray(acc, t + 6 * PANEL + 2 * L);
    }

    /**
     * {@link #rowBlock} for 7 rows that lie anywhere, starting at {@code x[x0]} to {@code x[x6]}:
     * rows picked by index. A copy, not the one kernel for both, because one offset per row cost
     * the rows of a block 8-15 % (6 rows: 117 against 127-135 us for 128 rows in cache). C2
     * keeps some of the 7 offsets on the stack and reloads them at each step; two steps per
     * iteration, to reload them half as often, won 6 of 24 mini-batch epochs alternated in one JVM.
     */
    private static void rowBlockAt(double[] x, int x0, int x1, int x2, int x3, int x4, int x5, int x6, int len,
                                   double[] w, int w0, int ws, double[] acc, int t) {
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, acc, t + L);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, acc, t + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, acc, t + PANEL);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, acc, t + PANEL + L);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, acc, t + PANEL + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL + L);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL + L);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL + 2 * L);
        DoubleVector c40 = DoubleVector.fromArray(SPECIES, acc, t + 4 * PANEL);
        DoubleVector c41 = DoubleVector.fromArray(SPECIES, acc, t + 4 * PANEL + L);
        DoubleVector c42 = DoubleVector.fromArray(SPECIES, acc, t + 4 * PANEL + 2 * L);
        DoubleVector c50 = DoubleVector.fromArray(SPECIES, acc, t + 5 * PANEL);
        DoubleVector c51 = DoubleVector.fromArray(SPECIES, acc, t + 5 * PANEL + L);
        DoubleVector c52 = DoubleVector.fromArray(SPECIES, acc, t + 5 * PANEL + 2 * L);
        DoubleVector c60 = DoubleVector.fromArray(SPECIES, acc, t + 6 * PANEL);
        DoubleVector c61 = DoubleVector.fromArray(SPECIES, acc, t + 6 * PANEL + L);
        DoubleVector c62 = DoubleVector.fromArray(SPECIES, acc, t + 6 * PANEL + 2 * L);
        for (int s = 0, wi = w0; s < len; s++, wi += ws) {
            DoubleVector w0v = DoubleVector.fromArray(SPECIES, w, wi);
            DoubleVector w1v = DoubleVector.fromArray(SPECIES, w, wi + L);
            DoubleVector w2v = DoubleVector.fromArray(SPECIES, w, wi + 2 * L);
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[x0 + s]);
            c00 = v.fma(w0v, c00);
            c01 = v.fma(w1v, c01);
            c02 = v.fma(w2v, c02);
            v = DoubleVector.broadcast(SPECIES, x[x1 + s]);
            c10 = v.fma(w0v, c10);
            c11 = v.fma(w1v, c11);
            c12 = v.fma(w2v, c12);
            v = DoubleVector.broadcast(SPECIES, x[x2 + s]);
            c20 = v.fma(w0v, c20);
            c21 = v.fma(w1v, c21);
            c22 = v.fma(w2v, c22);
            v = DoubleVector.broadcast(SPECIES, x[x3 + s]);
            c30 = v.fma(w0v, c30);
            c31 = v.fma(w1v, c31);
            c32 = v.fma(w2v, c32);
            v = DoubleVector.broadcast(SPECIES, x[x4 + s]);
            c40 = v.fma(w0v, c40);
            c41 = v.fma(w1v, c41);
            c42 = v.fma(w2v, c42);
            v = DoubleVector.broadcast(SPECIES, x[x5 + s]);
            c50 = v.fma(w0v, c50);
            c51 = v.fma(w1v, c51);
            c52 = v.fma(w2v, c52);
            v = DoubleVector.broadcast(SPECIES, x[x6 + s]);
            c60 = v.fma(w0v, c60);
            c61 = v.fma(w1v, c61);
            c62 = v.fma(w2v, c62);
        }
        c00.intoArray(acc, t);
        c01.intoArray(acc, t + L);
        c02.intoArray(acc, t + 2 * L);
        c10.intoArray(acc, t + PANEL);
        c11.intoArray(acc, t + PANEL + L);
        c12.intoArray(acc, t + PANEL + 2 * L);
        c20.intoArray(acc, t + 2 * PANEL);
        c21.intoArray(acc, t + 2 * PANEL + L);
        c22.intoArray(acc, t + 2 * PANEL + 2 * L);
        c30.intoArray(acc, t + 3 * PANEL);
        c31.intoArray(acc, t + 3 * PANEL + L);
        c32.intoArray(acc, t + 3 * PANEL + 2 * L);
        c40.intoArray(acc, t + 4 * PANEL);
        c41.intoArray(acc, t + 4 * PANEL + L);
        c42.intoArray(acc, t + 4 * PANEL + 2 * L);
        c50.intoArray(acc, t + 5 * PANEL);
        c51.intoArray(acc, t + 5 * PANEL + L);
        c52.intoArray(acc, t + 5 * PANEL + 2 * L);
        c60.intoArray(acc, t + 6 * PANEL);
        c61.intoArray(acc, t + 6 * PANEL + L);
        c62.intoArray(acc, t + 6 * PANEL + 2 * L);
    }

    /** {@link #rowBlock} for 4 rows (12 accumulators): 4 of the rows left over after the groups of 7. */
    private static void rowBlock4(double[] x, int x0, int xr, int len, double[] w, int w0, int ws,
                                  double[] acc, int t) {
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, acc, t + L);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, acc, t + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, acc, t + PANEL);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, acc, t + PANEL + L);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, acc, t + PANEL + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL + L);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL + L);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL + 2 * L);
        for (int s = 0, wi = w0, xi = x0; s < len; s++, wi += ws, xi++) {
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
        c10.intoArray(acc, t + PANEL);
        c11.intoArray(acc, t + PANEL + L);
        c12.intoArray(acc, t + PANEL + 2 * L);
        c20.intoArray(acc, t + 2 * PANEL);
        c21.intoArray(acc, t + 2 * PANEL + L);
        c22.intoArray(acc, t + 2 * PANEL + 2 * L);
        c30.intoArray(acc, t + 3 * PANEL);
        c31.intoArray(acc, t + 3 * PANEL + L);
        c32.intoArray(acc, t + 3 * PANEL + 2 * L);
    }

    /** {@link #rowBlockAt} for 4 rows. */
    private static void rowBlock4At(double[] x, int x0, int x1, int x2, int x3, int len, double[] w, int w0, int ws,
                                  double[] acc, int t) {
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, acc, t + L);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, acc, t + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, acc, t + PANEL);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, acc, t + PANEL + L);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, acc, t + PANEL + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL + L);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, acc, t + 2 * PANEL + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL + L);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, acc, t + 3 * PANEL + 2 * L);
        for (int s = 0, wi = w0; s < len; s++, wi += ws) {
            DoubleVector w0v = DoubleVector.fromArray(SPECIES, w, wi);
            DoubleVector w1v = DoubleVector.fromArray(SPECIES, w, wi + L);
            DoubleVector w2v = DoubleVector.fromArray(SPECIES, w, wi + 2 * L);
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[x0 + s]);
            c00 = v.fma(w0v, c00);
            c01 = v.fma(w1v, c01);
            c02 = v.fma(w2v, c02);
            v = DoubleVector.broadcast(SPECIES, x[x1 + s]);
            c10 = v.fma(w0v, c10);
            c11 = v.fma(w1v, c11);
            c12 = v.fma(w2v, c12);
            v = DoubleVector.broadcast(SPECIES, x[x2 + s]);
            c20 = v.fma(w0v, c20);
            c21 = v.fma(w1v, c21);
            c22 = v.fma(w2v, c22);
            v = DoubleVector.broadcast(SPECIES, x[x3 + s]);
            c30 = v.fma(w0v, c30);
            c31 = v.fma(w1v, c31);
            c32 = v.fma(w2v, c32);
        }
        c00.intoArray(acc, t);
        c01.intoArray(acc, t + L);
        c02.intoArray(acc, t + 2 * L);
        c10.intoArray(acc, t + PANEL);
        c11.intoArray(acc, t + PANEL + L);
        c12.intoArray(acc, t + PANEL + 2 * L);
        c20.intoArray(acc, t + 2 * PANEL);
        c21.intoArray(acc, t + 2 * PANEL + L);
        c22.intoArray(acc, t + 2 * PANEL + 2 * L);
        c30.intoArray(acc, t + 3 * PANEL);
        c31.intoArray(acc, t + 3 * PANEL + L);
        c32.intoArray(acc, t + 3 * PANEL + 2 * L);
    }

    /**
     * {@link #rowBlock} with 7 scalars side by side (7 adjacent columns of {@code x}) and the
     * steps {@code xs} apart:
     * {@code acc[t + r * PANEL + j] += sum over s < len of x[x0 + s * xs + r] * w[w0 + s * PANEL + j]},
     * or {@code =} when {@code fresh} (the sums start from {@link #ZERO_TILE}, not from {@code acc}).
     */
    private static void columnBlock(double[] x, int x0, int xs, int len, double[] w, int w0,
                                    double[] acc, int t, boolean fresh) {
        double[] from = fresh ? ZERO_TILE : acc;   // the array is chosen, not the vectors: one
        int f = fresh ? 0 : t;                     // loop for both
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, from, f);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, from, f + L);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, from, f + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, from, f + PANEL);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, from, f + PANEL + L);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, from, f + PANEL + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, from, f + 2 * PANEL);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, from, f + 2 * PANEL + L);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, from, f + 2 * PANEL + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, from, f + 3 * PANEL);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, from, f + 3 * PANEL + L);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, from, f + 3 * PANEL + 2 * L);
        DoubleVector c40 = DoubleVector.fromArray(SPECIES, from, f + 4 * PANEL);
        DoubleVector c41 = DoubleVector.fromArray(SPECIES, from, f + 4 * PANEL + L);
        DoubleVector c42 = DoubleVector.fromArray(SPECIES, from, f + 4 * PANEL + 2 * L);
        DoubleVector c50 = DoubleVector.fromArray(SPECIES, from, f + 5 * PANEL);
        DoubleVector c51 = DoubleVector.fromArray(SPECIES, from, f + 5 * PANEL + L);
        DoubleVector c52 = DoubleVector.fromArray(SPECIES, from, f + 5 * PANEL + 2 * L);
        DoubleVector c60 = DoubleVector.fromArray(SPECIES, from, f + 6 * PANEL);
        DoubleVector c61 = DoubleVector.fromArray(SPECIES, from, f + 6 * PANEL + L);
        DoubleVector c62 = DoubleVector.fromArray(SPECIES, from, f + 6 * PANEL + 2 * L);
        for (int s = 0, wi = w0, xi = x0; s < len; s++, wi += PANEL, xi += xs) {
            DoubleVector w0v = DoubleVector.fromArray(SPECIES, w, wi);
            DoubleVector w1v = DoubleVector.fromArray(SPECIES, w, wi + L);
            DoubleVector w2v = DoubleVector.fromArray(SPECIES, w, wi + 2 * L);
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[xi]);
            c00 = v.fma(w0v, c00);
            c01 = v.fma(w1v, c01);
            c02 = v.fma(w2v, c02);
            v = DoubleVector.broadcast(SPECIES, x[xi + 1]);
            c10 = v.fma(w0v, c10);
            c11 = v.fma(w1v, c11);
            c12 = v.fma(w2v, c12);
            v = DoubleVector.broadcast(SPECIES, x[xi + 2]);
            c20 = v.fma(w0v, c20);
            c21 = v.fma(w1v, c21);
            c22 = v.fma(w2v, c22);
            v = DoubleVector.broadcast(SPECIES, x[xi + 3]);
            c30 = v.fma(w0v, c30);
            c31 = v.fma(w1v, c31);
            c32 = v.fma(w2v, c32);
            v = DoubleVector.broadcast(SPECIES, x[xi + 4]);
            c40 = v.fma(w0v, c40);
            c41 = v.fma(w1v, c41);
            c42 = v.fma(w2v, c42);
            v = DoubleVector.broadcast(SPECIES, x[xi + 5]);
            c50 = v.fma(w0v, c50);
            c51 = v.fma(w1v, c51);
            c52 = v.fma(w2v, c52);
            v = DoubleVector.broadcast(SPECIES, x[xi + 6]);
            c60 = v.fma(w0v, c60);
            c61 = v.fma(w1v, c61);
            c62 = v.fma(w2v, c62);
        }
        c00.intoArray(acc, t);
        c01.intoArray(acc, t + L);
        c02.intoArray(acc, t + 2 * L);
        c10.intoArray(acc, t + PANEL);
        c11.intoArray(acc, t + PANEL + L);
        c12.intoArray(acc, t + PANEL + 2 * L);
        c20.intoArray(acc, t + 2 * PANEL);
        c21.intoArray(acc, t + 2 * PANEL + L);
        c22.intoArray(acc, t + 2 * PANEL + 2 * L);
        c30.intoArray(acc, t + 3 * PANEL);
        c31.intoArray(acc, t + 3 * PANEL + L);
        c32.intoArray(acc, t + 3 * PANEL + 2 * L);
        c40.intoArray(acc, t + 4 * PANEL);
        c41.intoArray(acc, t + 4 * PANEL + L);
        c42.intoArray(acc, t + 4 * PANEL + 2 * L);
        c50.intoArray(acc, t + 5 * PANEL);
        c51.intoArray(acc, t + 5 * PANEL + L);
        c52.intoArray(acc, t + 5 * PANEL + 2 * L);
        c60.intoArray(acc, t + 6 * PANEL);
        c61.intoArray(acc, t + 6 * PANEL + L);
        c62.intoArray(acc, t + 6 * PANEL + 2 * L);
    }

    /**
     * {@link #columnBlock} over rows picked by index: step {@code s} reads the 7 scalars from
     * {@code x[starts[s] + x0]} ({@link #rowStarts}). A copy because looking the row up at each
     * step cost the contiguous case 10-40 %.
     */
    private static void columnBlockAt(double[] x, int[] starts, int x0, int len, double[] w, int w0,
                                      double[] acc, int t, boolean fresh) {
        double[] from = fresh ? ZERO_TILE : acc;   // the array is chosen, not the vectors: one
        int f = fresh ? 0 : t;                     // loop for both
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, from, f);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, from, f + L);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, from, f + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, from, f + PANEL);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, from, f + PANEL + L);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, from, f + PANEL + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, from, f + 2 * PANEL);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, from, f + 2 * PANEL + L);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, from, f + 2 * PANEL + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, from, f + 3 * PANEL);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, from, f + 3 * PANEL + L);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, from, f + 3 * PANEL + 2 * L);
        DoubleVector c40 = DoubleVector.fromArray(SPECIES, from, f + 4 * PANEL);
        DoubleVector c41 = DoubleVector.fromArray(SPECIES, from, f + 4 * PANEL + L);
        DoubleVector c42 = DoubleVector.fromArray(SPECIES, from, f + 4 * PANEL + 2 * L);
        DoubleVector c50 = DoubleVector.fromArray(SPECIES, from, f + 5 * PANEL);
        DoubleVector c51 = DoubleVector.fromArray(SPECIES, from, f + 5 * PANEL + L);
        DoubleVector c52 = DoubleVector.fromArray(SPECIES, from, f + 5 * PANEL + 2 * L);
        DoubleVector c60 = DoubleVector.fromArray(SPECIES, from, f + 6 * PANEL);
        DoubleVector c61 = DoubleVector.fromArray(SPECIES, from, f + 6 * PANEL + L);
        DoubleVector c62 = DoubleVector.fromArray(SPECIES, from, f + 6 * PANEL + 2 * L);
        for (int s = 0, wi = w0; s < len; s++, wi += PANEL) {
            int xi = starts[s] + x0;
            DoubleVector w0v = DoubleVector.fromArray(SPECIES, w, wi);
            DoubleVector w1v = DoubleVector.fromArray(SPECIES, w, wi + L);
            DoubleVector w2v = DoubleVector.fromArray(SPECIES, w, wi + 2 * L);
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[xi]);
            c00 = v.fma(w0v, c00);
            c01 = v.fma(w1v, c01);
            c02 = v.fma(w2v, c02);
            v = DoubleVector.broadcast(SPECIES, x[xi + 1]);
            c10 = v.fma(w0v, c10);
            c11 = v.fma(w1v, c11);
            c12 = v.fma(w2v, c12);
            v = DoubleVector.broadcast(SPECIES, x[xi + 2]);
            c20 = v.fma(w0v, c20);
            c21 = v.fma(w1v, c21);
            c22 = v.fma(w2v, c22);
            v = DoubleVector.broadcast(SPECIES, x[xi + 3]);
            c30 = v.fma(w0v, c30);
            c31 = v.fma(w1v, c31);
            c32 = v.fma(w2v, c32);
            v = DoubleVector.broadcast(SPECIES, x[xi + 4]);
            c40 = v.fma(w0v, c40);
            c41 = v.fma(w1v, c41);
            c42 = v.fma(w2v, c42);
            v = DoubleVector.broadcast(SPECIES, x[xi + 5]);
            c50 = v.fma(w0v, c50);
            c51 = v.fma(w1v, c51);
            c52 = v.fma(w2v, c52);
            v = DoubleVector.broadcast(SPECIES, x[xi + 6]);
            c60 = v.fma(w0v, c60);
            c61 = v.fma(w1v, c61);
            c62 = v.fma(w2v, c62);
        }
        c00.intoArray(acc, t);
        c01.intoArray(acc, t + L);
        c02.intoArray(acc, t + 2 * L);
        c10.intoArray(acc, t + PANEL);
        c11.intoArray(acc, t + PANEL + L);
        c12.intoArray(acc, t + PANEL + 2 * L);
        c20.intoArray(acc, t + 2 * PANEL);
        c21.intoArray(acc, t + 2 * PANEL + L);
        c22.intoArray(acc, t + 2 * PANEL + 2 * L);
        c30.intoArray(acc, t + 3 * PANEL);
        c31.intoArray(acc, t + 3 * PANEL + L);
        c32.intoArray(acc, t + 3 * PANEL + 2 * L);
        c40.intoArray(acc, t + 4 * PANEL);
        c41.intoArray(acc, t + 4 * PANEL + L);
        c42.intoArray(acc, t + 4 * PANEL + 2 * L);
        c50.intoArray(acc, t + 5 * PANEL);
        c51.intoArray(acc, t + 5 * PANEL + L);
        c52.intoArray(acc, t + 5 * PANEL + 2 * L);
        c60.intoArray(acc, t + 6 * PANEL);
        c61.intoArray(acc, t + 6 * PANEL + L);
        c62.intoArray(acc, t + 6 * PANEL + 2 * L);
    }

    /** {@link #columnBlockAt} for one column. */
    private static void oneColumnAt(double[] x, int[] starts, int x0, int len, double[] w, int w0, double[] acc,
                                    int t) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, acc, t + L);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, acc, t + 2 * L);
        for (int s = 0, wi = w0; s < len; s++, wi += PANEL) {
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[starts[s] + x0]);
            c0 = v.fma(DoubleVector.fromArray(SPECIES, w, wi), c0);
            c1 = v.fma(DoubleVector.fromArray(SPECIES, w, wi + L), c1);
            c2 = v.fma(DoubleVector.fromArray(SPECIES, w, wi + 2 * L), c2);
        }
        c0.intoArray(acc, t);
        c1.intoArray(acc, t + L);
        c2.intoArray(acc, t + 2 * L);
    }

    /**
     * One row of scalars ({@code x[x0 + s * xs]}) against a panel whose rows are {@code ws} apart:
     * the rows (or columns) left after the register blocks.
     */
    private static void oneRow(double[] x, int x0, int xs, int len, double[] w, int w0, int ws, double[] acc,
                               int t) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, acc, t);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, acc, t + L);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, acc, t + 2 * L);
        for (int s = 0, xi = x0, wi = w0; s < len; s++, xi += xs, wi += ws) {
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[xi]);
            c0 = v.fma(DoubleVector.fromArray(SPECIES, w, wi), c0);
            c1 = v.fma(DoubleVector.fromArray(SPECIES, w, wi + L), c1);
            c2 = v.fma(DoubleVector.fromArray(SPECIES, w, wi + 2 * L), c2);
        }
        c0.intoArray(acc, t);
        c1.intoArray(acc, t + L);
        c2.intoArray(acc, t + 2 * L);
    }

    /**
     * Growable per-thread buffers: the packed {@code op(b)} of a call, a chunk's packed block and
     * sums, a depth block's row starts.
     */
    private static final class Scratch {
        private double[] packed = new double[0];
        private double[] block = new double[0];
        private double[] acc = new double[0];
        private int[] starts = new int[0];

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

        private double[] partial = new double[0];

        double[] partial(int size) {
            if (partial.length < size) {
                partial = new double[size];
            }
            return partial;
        }

        int[] starts(int size) {
            if (starts.length < size) {
                starts = new int[size];
            }
            return starts;
        }
    }
}
