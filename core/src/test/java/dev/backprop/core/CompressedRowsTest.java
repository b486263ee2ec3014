package dev.backprop.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The products of a read-only matrix through its compressed rows: the exact steps that
 * {@link CompressedRows} documents (checked bit for bit against plain loops taking them), for
 * both kernel implementations and any thread count; close to the dense product; and the dense
 * kernels wherever the rows are not whole compressed blocks.
 */
class CompressedRowsTest {

    private final int defaultThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(defaultThreads);
    }

    /**
     * Widths of the other operand: 1 vector or less, 2, 3 (the lesson's 21), and several strips
     * of 3 vectors, whole or not (also for 4- and 2-double vectors).
     */
    private static final int[] WIDTHS = {1, 7, 8, 16, 17, 21, 24, 25, 48, 50, 128};

    /** {n, k}: three blocks, the last short; one short block; MNIST's width. */
    private static final int[][] SHAPES = {{300, 37}, {5, 11}, {129, 784}};

    /**
     * Rows that are mostly their first value (a random background per row), with a share
     * {@code foreground} of other values, as MNIST's standardized images are.
     */
    private static double[] backgroundRows(RandomState random, int n, int k, double foreground) {
        double[] x = new double[n * k];
        for (int r = 0; r < n; r++) {
            double background = random.nextGaussian();
            for (int p = 0; p < k; p++) {
                x[r * k + p] = p > 0 && random.nextDouble() < foreground ? random.nextGaussian() : background;
            }
        }
        return x;
    }

    /** The documented steps of {@code c = beta c + alpha x[from:to] b}, in plain loops. */
    private static double[] expectedTimes(double[] x, int k, int from, int to, double[] b, int m, double alpha,
                                          double beta, double[] c0) {
        double[] columnSums = new double[m];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < m; j++) {
                columnSums[j] += b[p * m + j];
            }
        }
        double[] c = scaled(c0, beta);
        for (int r = from; r < to; r++) {
            double background = x[r * k];
            for (int j = 0; j < m; j++) {
                double s = background * columnSums[j];
                for (int p = 0; p < k; p++) {
                    double v = x[r * k + p];
                    if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(background)) {
                        s = Math.fma(v - background, b[p * m + j], s);
                    }
                }
                int i = (r - from) * m + j;
                c[i] = Math.fma(s, alpha, c[i]);
            }
        }
        return c;
    }

    /** The documented steps of {@code c = beta c + alpha x[from:to]^T g}, in plain loops. */
    private static double[] expectedTransposeTimes(double[] x, int k, int from, int to, double[] g, int m,
                                                   double alpha, double beta, double[] c0) {
        double[] c = scaled(c0, beta);
        for (int r0 = from; r0 < to; r0 += CompressedRows.BLOCK) {
            int r1 = Math.min(to, r0 + CompressedRows.BLOCK);
            double[] backgroundSums = new double[m];
            for (int j = 0; j < m; j++) {
                for (int r = r0; r < r1; r++) {
                    backgroundSums[j] = Math.fma(x[r * k], g[(r - from) * m + j], backgroundSums[j]);
                }
            }
            c = expectedColumns(x, k, r0, r1, g, from, m, backgroundSums, alpha, c);
        }
        return c;
    }

    private static double[] scaled(double[] c0, double beta) {
        double[] c = c0.clone();
        Kernels.scale(c, c.length, beta);
        return c;
    }

    @Test
    void bothKernelsTakeTheDocumentedStepsBitForBit() {
        RandomState random = new RandomState(5);
        for (int[] shape : SHAPES) {
            int n = shape[0];
            int k = shape[1];
            double[] x = backgroundRows(random, n, k, 0.2);
            CompressedRows rows = CompressedRows.of(n, k, x);
            assertTrue(rows.covers(0, n), "mostly background: every block compressed");
            for (int m : WIDTHS) {
                double[] b = KernelsTest.randn(random, k * m);
                double[] g = KernelsTest.randn(random, n * m);
                double[] c0 = KernelsTest.randn(random, n * m);
                double[] cw = KernelsTest.randn(random, k * m);
                double[] sums = new double[CompressedRows.BLOCK * CompressedRows.padded(m)];
                for (Kernels kernels : List.of(new PortableKernels(), new VectorKernels())) {
                    double[] columnSums = new double[m];
                    kernels.columnSums(b, k, m, columnSums);
                    double[] expectedSums = new double[m];
                    for (int p = 0; p < k; p++) {
                        for (int j = 0; j < m; j++) {
                            expectedSums[j] += b[p * m + j];
                        }
                    }
                    assertArrayEquals(expectedSums, columnSums, kernels + " column sums, m " + m);
                    for (int b0 = 0; b0 * CompressedRows.BLOCK < n; b0++) {
                        int from = b0 * CompressedRows.BLOCK;
                        int to = Math.min(n, from + CompressedRows.BLOCK);
                        CompressedRows.Block block = rows.block(b0);
                        // the block's entries alone: sums from zero, alpha 1 into c = 0
                        Arrays.fill(sums, 0.0);
                        kernels.compressedRows(block, b, m, sums, CompressedRows.padded(m));
                        double[] expected = expectedTimes(withoutBackground(x, k), k, from, to, b, m, 1.0, 0.0,
                                new double[(to - from) * m]);
                        for (int r = 0; r < to - from; r++) {
                            for (int j = 0; j < m; j++) {
                                assertEquals(expected[r * m + j], sums[r * CompressedRows.padded(m) + j],
                                        kernels + " rows, m " + m + ", row " + (from + r) + ", column " + j);
                            }
                        }
                        double[] v = KernelsTest.randn(random, m);
                        double[] c = cw.clone();
                        kernels.compressedColumns(block, g, from * m, m, v, 0.75, c);
                        assertArrayEquals(expectedColumns(x, k, from, to, g, 0, m, v, 0.75, cw), c,
                                kernels + " columns, m " + m + ", block " + b0);
                    }
                }
            }
        }
    }

    /** x with each row's background subtracted: the entries that {@code compressedRows} sums. */
    private static double[] withoutBackground(double[] x, int k) {
        double[] d = x.clone();
        for (int r = 0; r < x.length / k; r++) {
            for (int p = k - 1; p >= 0; p--) {
                d[r * k + p] = Double.doubleToRawLongBits(x[r * k + p]) == Double.doubleToRawLongBits(x[r * k])
                        ? 0.0 : x[r * k + p] - x[r * k];
            }
        }
        // every value now differs from zero only where it is an entry; the background is 0 (p = 0)
        return d;
    }

    /** {@code compressedColumns}' documented steps for rows [from, to) of x; g's row 0 is x's row {@code g0}. */
    private static double[] expectedColumns(double[] x, int k, int from, int to, double[] g, int g0, int m,
                                            double[] v, double alpha, double[] c0) {
        double[] c = c0.clone();
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < m; j++) {
                double t = v[j];
                for (int r = from; r < to; r++) {
                    double value = x[r * k + p];
                    double background = x[r * k];
                    if (Double.doubleToRawLongBits(value) != Double.doubleToRawLongBits(background)) {
                        t = Math.fma(value - background, g[(r - g0) * m + j], t);
                    }
                }
                c[p * m + j] = Math.fma(t, alpha, c[p * m + j]);
            }
        }
        return c;
    }

    @Test
    void gemmOfAReadOnlyMatrixTakesTheCompressedStepsOnAnyThreadCount() {
        RandomState random = new RandomState(6);
        for (int[] shape : SHAPES) {
            int n = shape[0];
            int k = shape[1];
            double[] xs = backgroundRows(random, n, k, 0.2);
            Tensor x = Tensor.of(xs, n, k).readOnly();
            Tensor dense = Tensor.of(xs, n, k);
            for (int m : WIDTHS) {
                Tensor b = Tensor.wrap(KernelsTest.randn(random, k * m), k, m);
                Tensor g = Tensor.wrap(KernelsTest.randn(random, n * m), n, m);
                double[] c0 = KernelsTest.randn(random, n * m);
                double[] cw = KernelsTest.randn(random, k * m);
                for (int threads : new int[] {1, 3}) {
                    Parallelism.setThreads(threads);
                    for (double[] scale : new double[][] {{1.0, 0.0}, {0.7, 0.3}, {-2.0, 1.0}}) {
                        Tensor c = Tensor.of(c0, n, m);
                        Tensor.gemm(false, false, scale[0], x, b, scale[1], c);
                        assertArrayEquals(expectedTimes(xs, k, 0, n, b.data(), m, scale[0], scale[1], c0), c.data(),
                                "x b, " + n + "x" + k + ", m " + m + ", " + threads + " threads");
                        Tensor cd = Tensor.of(c0, n, m);
                        Tensor.gemm(false, false, scale[0], dense, b, scale[1], cd);
                        assertTrue(c.allClose(cd, 1e-12, 1e-12), "close to the dense product");

                        Tensor w = Tensor.of(cw, k, m);
                        Tensor.gemm(true, false, scale[0], x, g, scale[1], w);
                        assertArrayEquals(expectedTransposeTimes(xs, k, 0, n, g.data(), m, scale[0], scale[1], cw),
                                w.data(), "x^T g, " + n + "x" + k + ", m " + m + ", " + threads + " threads");
                        Tensor wd = Tensor.of(cw, k, m);
                        Tensor.gemm(true, false, scale[0], dense, g, scale[1], wd);
                        assertTrue(w.allClose(wd, 1e-12, 1e-12), "close to the dense weight gradient");
                    }
                }
            }
        }
    }

    @Test
    void aWindowOfWholeBlocksIsCompressedAndAnyOtherWindowIsDense() {
        RandomState random = new RandomState(7);
        int n = 300;
        int k = 37;
        int m = 21;
        double[] xs = backgroundRows(random, n, k, 0.2);
        Tensor x = Tensor.of(xs, n, k).readOnly();
        Tensor dense = Tensor.of(xs, n, k);
        Tensor b = Tensor.wrap(KernelsTest.randn(random, k * m), k, m);
        for (int[] window : new int[][] {{128, 256}, {256, 300}, {128, 300}}) {
            int rows = window[1] - window[0];
            Tensor c = Tensor.zeros(rows, m);
            Tensor.gemm(false, false, 1.0, x, window[0], window[1], b, 0.0, c);
            assertArrayEquals(expectedTimes(xs, k, window[0], window[1], b.data(), m, 1.0, 0.0, new double[rows * m]),
                    c.data(), "whole blocks " + Arrays.toString(window));
            Tensor g = Tensor.wrap(KernelsTest.randn(random, rows * m), rows, m);
            Tensor w = Tensor.zeros(k, m);
            Tensor.gemm(true, false, 1.0, x, window[0], window[1], g, 0.0, w);
            assertArrayEquals(expectedTransposeTimes(xs, k, window[0], window[1], g.data(), m, 1.0, 0.0,
                    new double[k * m]), w.data(), "whole blocks " + Arrays.toString(window));
        }
        for (int[] window : new int[][] {{1, 129}, {0, 100}, {128, 200}}) {
            int rows = window[1] - window[0];
            Tensor c = Tensor.zeros(rows, m);
            Tensor cd = Tensor.zeros(rows, m);
            Tensor.gemm(false, false, 1.0, x, window[0], window[1], b, 0.0, c);
            Tensor.gemm(false, false, 1.0, dense, window[0], window[1], b, 0.0, cd);
            assertArrayEquals(cd.data(), c.data(), "not whole blocks: the dense kernels " + Arrays.toString(window));
        }
        // rows picked by index, and b read transposed, are dense too
        int[] picked = {3, 140, 3, 299};
        Tensor c = Tensor.zeros(picked.length, m);
        Tensor cd = Tensor.zeros(picked.length, m);
        Tensor.gemm(false, false, 1.0, x, picked, b, 0.0, c);
        Tensor.gemm(false, false, 1.0, dense, picked, b, 0.0, cd);
        assertArrayEquals(cd.data(), c.data());
        Tensor bt = Tensor.wrap(KernelsTest.randn(random, m * k), m, k);
        c = Tensor.zeros(n, m);
        cd = Tensor.zeros(n, m);
        Tensor.gemm(false, true, 1.0, x, bt, 0.0, c);
        Tensor.gemm(false, true, 1.0, dense, bt, 0.0, cd);
        assertArrayEquals(cd.data(), c.data());
    }

    @Test
    void blocksAreTheRowBlocksOfATrainingStepAndTheirRowsFitAByte() {
        assertEquals(RowBlocks.DEFAULT_BLOCK_ROWS, CompressedRows.BLOCK);
        assertTrue(CompressedRows.BLOCK <= 128);
    }

    @Test
    void blocksWithLittleBackgroundOrANonFiniteValueStayDense() {
        RandomState random = new RandomState(8);
        int k = 40;
        double[] mostlyForeground = backgroundRows(random, 128, k, 0.6);
        assertFalse(CompressedRows.of(128, k, mostlyForeground).covers(0, 128), "60 % foreground");
        double[] half = backgroundRows(random, 128, k, 0.3);
        assertTrue(CompressedRows.of(128, k, half).covers(0, 128), "30 % foreground");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            double[] x = half.clone();
            x[130 % x.length] = bad;
            assertFalse(CompressedRows.of(128, k, x).covers(0, 128), "a block holding " + bad);
        }
        // a dense block in a window makes the whole window dense, with the dense kernels' bits
        double[] xs = new double[256 * k];
        System.arraycopy(half, 0, xs, 0, half.length);
        System.arraycopy(mostlyForeground, 0, xs, half.length, mostlyForeground.length);
        Tensor x = Tensor.of(xs, 256, k).readOnly();
        Tensor b = Tensor.wrap(KernelsTest.randn(random, k * 21), k, 21);
        Tensor c = Tensor.zeros(256, 21);
        Tensor cd = Tensor.zeros(256, 21);
        Tensor.gemm(false, false, 1.0, x, b, 0.0, c);
        Tensor.gemm(false, false, 1.0, Tensor.of(xs, 256, k), b, 0.0, cd);
        assertArrayEquals(cd.data(), c.data());
        Tensor c0 = Tensor.zeros(128, 21);
        Tensor.gemm(false, false, 1.0, x, 0, 128, b, 0.0, c0);
        assertNotEquals(Arrays.toString(Arrays.copyOf(cd.toArray(), 128 * 21)), Arrays.toString(c0.toArray()),
                "the first block alone is compressed (its sums are taken in another order)");
    }
}
