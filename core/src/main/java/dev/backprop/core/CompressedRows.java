package dev.backprop.core;

import java.util.Arrays;

/**
 * A read-only matrix {@code x [n, k]} kept as one <em>background</em> value per row (its first
 * value) plus the entries that differ from it, for the matrix products of {@link Tensor#gemm}:
 * <pre>
 *   x = c 1^T + D        c [n]: the backgrounds;  D: zero wherever x equals its row's background
 *   x w   = c (1^T w) + D w          (the forward product of a first layer)
 *   x^T g = 1 (c^T g) + D^T g        (its weight gradient)
 * </pre>
 * so only the entries of {@code D} are multiplied. MNIST's images after the lesson's
 * standardization are 81 % background (the blank pixels): the products then do a fifth of the
 * multiply-adds, and the lesson's full-batch epoch runs about 1.5x faster (an entry costs several
 * times what a dense multiply-add does; benchmarks/README.md). The sums are taken in another
 * order than the dense kernels', so the results differ from theirs in the last bits; the Vector
 * API and portable kernels take the same order here too, and so give the same bits as each
 * other, on any number of threads.
 *
 * <p>Blocks of {@value #BLOCK} rows, the {@link RowBlocks} size, each compressed by column (for
 * each column, its entries' rows in order and values), built at their first use and kept with the
 * tensor (a training set is compressed during the first epoch and read compressed from then on:
 * for MNIST 19 % of the values, at 9 bytes each instead of 8 for every value). A block stays dense
 * when less than half of it is background or when it holds a value that is not finite; a product
 * over rows that are not whole compressed blocks runs on the dense kernels.
 */
final class CompressedRows {

    /**
     * Rows per block: {@link RowBlocks#DEFAULT_BLOCK_ROWS}, so a training step's blocks are whole
     * (a test checks that they agree). At most 128: an entry's row is kept in a byte.
     */
    static final int BLOCK = 128;

    /** A block is kept dense unless at least this share of its values are background. */
    static final double MIN_BACKGROUND = 0.5;

    /** Marks a block kept dense. */
    private static final Block DENSE = new Block(0, new double[0], new int[1], new byte[0], new double[0]);

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One compressed block: column {@code p}'s entries are {@code [start[p], start[p + 1])}. */
    static final class Block {
        final int rows;
        final double[] background;   // [rows]: each row's first value
        final int[] start;           // [k + 1]
        final byte[] row;            // each entry's row in the block, ascending within a column
        final double[] value;        // each entry's value minus its row's background

        Block(int rows, double[] background, int[] start, byte[] row, double[] value) {
            this.rows = rows;
            this.background = background;
            this.start = start;
            this.row = row;
            this.value = value;
        }
    }

    private final int n;
    private final int k;
    private final double[] x;
    // Filled at first use. Two threads may build the same block at once: the same content, and
    // final fields make a block safe to read from any thread.
    private final Block[] blocks;

    private CompressedRows(int n, int k, double[] x) {
        this.n = n;
        this.k = k;
        this.x = x;
        this.blocks = new Block[(n + BLOCK - 1) / BLOCK];
    }

    /** The rows of the read-only matrix {@code x [n, k]}; nothing is compressed yet. */
    static CompressedRows of(int n, int k, double[] x) {
        return new CompressedRows(n, k, x);
    }

    /** Whether rows {@code [from, to)} are whole blocks (the last may be short), all compressed. */
    boolean covers(int from, int to) {
        if (from >= to || from % BLOCK != 0 || (to % BLOCK != 0 && to != n) || k == 0) {
            return false;
        }
        for (int b = from / BLOCK; b * BLOCK < to; b++) {
            if (block(b) == DENSE) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code c [to - from, m] = beta c + alpha * x[from:to] b}, {@code b [k, m]}: each element
     * is {@code c_r * (1^T b)_j}, then the row's entries added by one fused multiply-add each, in
     * order of their column, then added into {@code c} with {@code alpha}. Rows [from, to) must
     * be {@link #covers covered}.
     */
    void times(int from, int to, double alpha, double[] b, int m, double beta, double[] c) {
        Kernels.scale(c, (to - from) * m, beta);
        double[] columnSums = SCRATCH.get().columnSums(m);   // 1^T b
        Kernels.SELECTED.columnSums(b, k, m, columnSums);
        int mp = padded(m);
        int first = from / BLOCK;
        int count = (to - from + BLOCK - 1) / BLOCK;
        Parallelism.forRange(count, 1, count > 1, (b0, b1) -> {
            double[] sums = SCRATCH.get().sums(BLOCK * mp);
            for (int bi = first + b0; bi < first + b1; bi++) {
                Block block = block(bi);   // built by covers(); block() also reads a slot another thread filled
                for (int r = 0; r < block.rows; r++) {
                    for (int j = 0; j < m; j++) {
                        sums[r * mp + j] = block.background[r] * columnSums[j];
                    }
                }
                Kernels.SELECTED.compressedRows(block, b, m, sums, mp);
                int c0 = (bi * BLOCK - from) * m;
                for (int r = 0; r < block.rows; r++) {
                    for (int j = 0; j < m; j++) {
                        int i = c0 + r * m + j;
                        c[i] = Math.fma(sums[r * mp + j], alpha, c[i]);
                    }
                }
            }
            return 0;
        });
    }

    /**
     * {@code c [k, m] = beta c + alpha * x[from:to]^T g}, {@code g [to - from, m]}: block after
     * block, each element's sum is {@code (c^T g)_j} over the block's rows (one fused
     * multiply-add per row, in order), then the column's entries added in order of their row,
     * then added into {@code c} with {@code alpha}. Rows [from, to) must be {@link #covers covered}.
     */
    void transposeTimes(int from, int to, double alpha, double[] g, int m, double beta, double[] c) {
        Kernels.scale(c, k * m, beta);
        double[] backgroundSums = SCRATCH.get().sums(m);
        for (int bi = from / BLOCK; bi * BLOCK < to; bi++) {
            Block block = block(bi);
            int g0 = (bi * BLOCK - from) * m;
            Arrays.fill(backgroundSums, 0, m, 0.0);
            for (int r = 0; r < block.rows; r++) {
                for (int j = 0; j < m; j++) {
                    backgroundSums[j] = Math.fma(block.background[r], g[g0 + r * m + j], backgroundSums[j]);
                }
            }
            Kernels.SELECTED.compressedColumns(block, g, g0, m, backgroundSums, alpha, c);
        }
    }

    /**
     * {@code m} rounded up to a multiple of 24: the row stride of the sums in {@link #times},
     * whole strips of 3 vectors of 2, 4 or 8 doubles for the Vector API kernels.
     */
    static int padded(int m) {
        return (m + 23) / 24 * 24;
    }

    /** Block {@code b}, built at the first call: compressed, or the marker of a dense block. */
    Block block(int b) {
        Block block = blocks[b];
        if (block == null) {
            block = build(b);
            blocks[b] = block;
        }
        return block;
    }

    /** Block {@code b} compressed, or {@link #DENSE}. Two passes: count each column's entries, then fill. */
    private Block build(int b) {
        int r0 = b * BLOCK;
        int rows = Math.min(BLOCK, n - r0);
        double[] background = new double[rows];
        int[] start = new int[k + 1];
        for (int r = 0; r < rows; r++) {
            int o = (r0 + r) * k;
            background[r] = x[o];
            long bits = Double.doubleToRawLongBits(x[o]);
            for (int p = 0; p < k; p++) {
                double v = x[o + p];
                if (!Double.isFinite(v)) {
                    return DENSE;   // x - c and c (1^T w) would not add up to x w
                }
                if (Double.doubleToRawLongBits(v) != bits) {
                    start[p + 1]++;
                }
            }
        }
        for (int p = 0; p < k; p++) {
            start[p + 1] += start[p];
        }
        int entries = start[k];
        if (entries > (1 - MIN_BACKGROUND) * rows * (double) k) {
            return DENSE;
        }
        byte[] row = new byte[entries];
        double[] value = new double[entries];
        int[] next = Arrays.copyOf(start, k);
        for (int r = 0; r < rows; r++) {
            int o = (r0 + r) * k;
            double c = background[r];
            long bits = Double.doubleToRawLongBits(c);
            for (int p = 0; p < k; p++) {
                double v = x[o + p];
                if (Double.doubleToRawLongBits(v) != bits) {
                    int e = next[p]++;
                    row[e] = (byte) r;
                    value[e] = v - c;
                }
            }
        }
        return new Block(rows, background, start, row, value);
    }

    /** Per-thread buffers, reused from call to call. */
    private static final class Scratch {
        private double[] sums = new double[0];
        private double[] columnSums = new double[0];

        double[] columnSums(int m) {
            if (columnSums.length < m) {
                columnSums = new double[m];
            }
            return columnSums;
        }

        double[] sums(int size) {
            if (sums.length < size) {
                sums = new double[size];
            }
            return sums;
        }
    }
}
