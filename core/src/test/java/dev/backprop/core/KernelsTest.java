package dev.backprop.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Both kernel implementations against a naive triple loop with one fused multiply-add per term,
 * bit for bit, on shapes that hit the vector padding (m = 21 is 3 vectors minus 3 lanes), the
 * register-block remainders (n not a multiple of 4), several parallel chunks and depth blocks,
 * whatever the thread count: so the two implementations give the same bits as each other.
 * Surefire runs with {@code --add-modules jdk.incubator.vector}, so both are tested in CI.
 */
class KernelsTest {

    private final int defaultThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(defaultThreads);
    }

    /**
     * {n, m, k}: the lesson's shapes (row blocks of 128 and mini-batches of 64, whose forward
     * products go in 4 parallel tasks of rows and 2 halves of k), odd ones (k % 4 = 2, 3), edge
     * cases, small k, both sides of where products are summed in parts of k.
     */
    private static final int[][] SHAPES = {
        {2100, 21, 131}, {600, 21, 517}, {70, 130, 9}, {3, 5, 1},
        {128, 21, 784}, {64, 21, 784}, {784, 21, 128}, {784, 21, 64}, {130, 784, 21}, {131, 1, 21}, {257, 21, 786},
        {1030, 1, 37}, {1030, 7, 37}, {1030, 8, 37}, {1030, 21, 37}, {1030, 24, 37}, {1030, 25, 37},
        {37, 1, 263}, {37, 7, 263}, {37, 8, 263}, {37, 21, 263}, {37, 24, 263}, {37, 25, 263},
        {13, 1, 5}, {13, 7, 5}, {13, 8, 5}, {13, 21, 5}, {13, 24, 5}, {13, 25, 5},
        {1, 21, 4}, {6, 4, 4}, {0, 21, 5}, {5, 21, 0}, {5, 0, 7},
        {128, 21, 1}, {64, 21, 1}, {37, 21, 2}, {37, 25, 3}, {17, 4, 1},   // the output layer's dX = G W2^T, small k
        {111, 21, 784}, {112, 21, 784}, {64, 40, 256}, {64, 40, 255}, {20, 27, 1000}, {37, 25, 1000}, // parts of k
    };

    /**
     * {alpha, beta}, all of them on shapes under {@link #SMALL} multiply-adds, the first on larger
     * ones; beta 0 is run with NaN in c, which it must overwrite.
     */
    private static final double[][] SCALES = {{0.7, 0.3}, {1.0, 1.0}, {1.0, 0.0}, {-2.0, 0.0}};

    private static final int SMALL = 300_000;

    /** Where {@code a} starts in the larger array when a product reads a window of it. */
    private static final int WINDOW_OFFSET = 7;

    /** A check of one product shape {@code op(a) [n, k] x op(b) [k, m]}. */
    private interface Product {
        void check(int n, int m, int k, boolean ta, boolean tb);
    }

    /** Runs {@code check} on every shape of {@link #SHAPES} with each of the four transpositions. */
    private static void forEachProduct(Product check) {
        for (int[] shape : SHAPES) {
            for (int t = 0; t < 4; t++) {
                check.check(shape[0], shape[1], shape[2], (t & 1) != 0, (t & 2) != 0);
            }
        }
    }

    private static List<Kernels> implementations() {
        return List.of(new PortableKernels(), new VectorKernels());
    }

    @Test
    void everyProductHasTheNaiveLoopsBitsForAnyThreadCount() {
        RandomState random = new RandomState(11);
        forEachProduct((n, m, k, ta, tb) -> {
            double[] a = randn(random, k * n);
            double[] b = randn(random, k * m);
            double[] c0 = randn(random, n * m);
            // every scale on small shapes and where k is summed in parts
            int scales = (long) n * m * k < SMALL || part(ta, n, m, k) < k ? SCALES.length : 1;
            for (double[] scale : java.util.Arrays.copyOf(SCALES, scales)) {
                double alpha = scale[0];
                double beta = scale[1];
                if (beta == 0.0) {
                    java.util.Arrays.fill(c0, Double.NaN);
                }
                double[] expected = naive(ta, tb, n, m, k, alpha, a, b, beta, c0);
                for (Kernels kernels : implementations()) {
                    for (int threads : new int[] {1, 2, 3}) {
                        Parallelism.setThreads(threads);
                        double[] c = c0.clone();
                        // On 2 and 3 threads, a is a window of a larger array (NaN around it,
                        // which would spread into c if a value outside the window were used);
                        // on 3, of one large enough that the portable kernels copy its rows
                        // block by block, as from memory.
                        int offset = threads == 1 ? 0 : WINDOW_OFFSET;
                        double[] aAt = offset == 0 ? a : window(a, offset, threads == 3 ? 4 * 128 * k : 0);
                        kernels.gemm(ta, tb, n, m, k, alpha, aAt, offset, null, b, beta, c);
                        String what = kernels + " gemm(" + ta + ", " + tb + ") n=" + n + " m=" + m + " k=" + k
                                + " alpha=" + alpha + " beta=" + beta + " threads=" + threads + " a at " + offset;
                        assertArrayEquals(expected, c, what);
                    }
                }
            }
        });
    }

    /**
     * Rows picked by index ({@code aRows}, repeats and any order) give the bits of the same
     * product on the rows copied out: for every shape and transposition, both implementations,
     * 1-3 threads. The rows come from a larger matrix with NaN rows between them, which would
     * spread into c if a row not picked were read.
     */
    @Test
    void rowsPickedByIndexGiveTheBitsOfTheRowsCopiedOut() {
        RandomState random = new RandomState(12);
        forEachProduct((n, m, k, ta, tb) -> {
            int picked = ta ? k : n;   // stored rows of a
            int width = ta ? n : k;
            int sourceRows = 2 * picked + 3;
            int[] rows = new int[picked];
            double[] source = new double[sourceRows * width + WINDOW_OFFSET];
            java.util.Arrays.fill(source, Double.NaN);
            double[] a = new double[picked * width];
            for (int r = 0; r < picked; r++) {
                // odd rows only (the even ones stay NaN), a few of them repeated
                rows[r] = r % 5 == 4 ? rows[r - 2] : 2 * (int) random.randint(0, picked + 1) + 1;
            }
            for (int r = 0; r < picked; r++) {
                if (r == 0 || r % 5 != 4) {
                    double[] row = randn(random, width);
                    System.arraycopy(row, 0, source, WINDOW_OFFSET + rows[r] * width, width);
                }
            }
            for (int r = 0; r < picked; r++) {
                System.arraycopy(source, WINDOW_OFFSET + rows[r] * width, a, r * width, width);
            }
            double[] b = randn(random, k * m);
            double[] expected = naive(ta, tb, n, m, k, 0.7, a, b, 0.0, new double[n * m]);
            for (Kernels kernels : implementations()) {
                for (int threads : new int[] {1, 2, 3}) {
                    Parallelism.setThreads(threads);
                    double[] c = new double[n * m];
                    java.util.Arrays.fill(c, Double.NaN);
                    kernels.gemm(ta, tb, n, m, k, 0.7, source, WINDOW_OFFSET, rows, b, 0.0, c);
                    assertArrayEquals(expected, c, kernels + " gemm(" + ta + ", " + tb + ") n=" + n + " m=" + m
                            + " k=" + k + " rows by index, threads=" + threads);
                }
            }
        });
    }

    /**
     * The Vector API kernels' parallel tasks: for rows ({@code unit} 1), 4, 2 or 1 equal ones
     * (the last shorter by the rounding), each of at least {@code least} rows unless it is the
     * only one; for columns ({@code unit} 7), at most 4 tasks of whole groups of 7. Both at most
     * {@code max}, which may make more tasks.
     */
    @Test
    void productsAreCutIntoFourOrTwoEqualTasks() {
        assertEquals(32, VectorKernels.chunk(64, 1, 28, 1024), "a mini-batch's forward product: halves");
        assertEquals(32, VectorKernels.chunk(128, 1, 28, 1024), "a row block's: quarters");
        assertEquals(196, VectorKernels.chunk(784, 7, 7, 252), "its weight gradient: quarters of whole groups");
        assertEquals(55, VectorKernels.chunk(55, 1, 28, 1024), "one task: halves would be under 28");
        assertEquals(28, VectorKernels.chunk(56, 1, 28, 1024));
        assertEquals(56, VectorKernels.chunk(111, 1, 28, 1024), "halves: quarters would be under 28");
        assertEquals(28, VectorKernels.chunk(112, 1, 28, 1024));
        assertEquals(1024, VectorKernels.chunk(48_000, 1, 28, 1024));
        assertEquals(252, VectorKernels.chunk(1030, 7, 7, 252));
        for (int n = 1; n <= 3000; n++) {
            int rows = VectorKernels.chunk(n, 1, 28, 1024);
            int tasks = (n + rows - 1) / rows;
            String what = "n=" + n + ": " + rows + " rows per task, " + tasks + " tasks";
            if (rows < 1024) {
                assertTrue(tasks == 1 || tasks == 2 || tasks == 4, what);
                assertEquals((n + tasks - 1) / tasks, rows, what + " are not an even cut");
            }
            assertTrue(tasks == 1 || rows >= 28, what);
            int columns = VectorKernels.chunk(n, 7, 7, 252);
            tasks = (n + columns - 1) / columns;
            what = "n=" + n + ": " + columns + " columns per task, " + tasks + " tasks";
            assertEquals(0, columns % 7, what);
            assertTrue(tasks <= 4 || columns == 252, what);
            assertTrue(columns < (n + 3) / 4 + 7 || columns == 252 || n < 28, what + " are not quarters");
        }
    }

    /**
     * The lesson's three products on a full-batch row block give the same bits in both
     * implementations (so a run without the Vector API module trains to the same numbers).
     */
    @Test
    void bothImplementationsGiveTheSameBitsOnTheLessonsProducts() {
        RandomState random = new RandomState(5);
        int n = 128;
        int m = 21;
        int k = 784;
        double[] x = randn(random, n * k);
        double[] w = randn(random, k * m);
        double[] g = randn(random, n * m);
        assertSameBits(false, false, n, m, k, x, w, "X W");
        assertSameBits(true, false, k, m, n, x, g, "X^T G");
        assertSameBits(false, true, n, k, m, g, w, "G W^T");
    }

    /**
     * Both sigmoids give exactly {@link Tensor#sigmoid(double)}'s bits: on random values of every
     * size (the exponential's subnormal range included), on special values, and on lengths that
     * leave a scalar tail; in place too.
     */
    @Test
    void bothSigmoidsGiveTheScalarBits() {
        double[] special = {0.0, -0.0, 1e-300, -1e-300, 0.5, -0.5, 36.0, -36.0, 700.0, -700.0, 708.5, -708.5,
            744.0, -744.0, 745.1, -745.1, 745.2, -745.2, 746.0, -746.0, 1e300, -1e300, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN};
        for (Kernels kernels : implementations()) {
            checkSigmoid(kernels, special, "special values");
            PropertyCheck.forAll(kernels.name() + " sigmoid", 300, 5L, r -> {
                double[] x = new double[PropertyCheck.intBetween(r, 0, 40)];
                double scale = Math.pow(10, PropertyCheck.doubleBetween(r, -3, 3));
                for (int i = 0; i < x.length; i++) {
                    x[i] = PropertyCheck.doubleBetween(r, -scale, scale);
                }
                return x;
            }, x -> checkSigmoid(kernels, x, "random values"));
            // Again once C2 has compiled the loop (the calls above run mostly interpreted).
            double[] x = new double[1003];
            RandomState random = new RandomState(6);
            for (int i = 0; i < x.length; i++) {
                x[i] = (random.nextDouble() - 0.5) * Math.pow(10, 4 * random.nextDouble() - 1);
            }
            double[] y = new double[x.length];
            for (int call = 0; call < 20_000; call++) {
                kernels.sigmoid(x, y, x.length);
            }
            checkSigmoid(kernels, x, "compiled");
        }
    }

    private static void checkSigmoid(Kernels kernels, double[] x, String what) {
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = Tensor.sigmoid(x[i]);
        }
        double[] y = new double[x.length];
        kernels.sigmoid(x, y, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(y[i]),
                    kernels.name() + ", " + what + ": sigmoid(" + x[i] + ") = " + y[i] + ", scalar " + expected[i]);
        }
        double[] inPlace = x.clone();
        kernels.sigmoid(inPlace, inPlace, inPlace.length);
        assertArrayEquals(y, inPlace, kernels.name() + ", in place");
    }

    @Test
    void theSettingChoosesTheKernels() {
        assertInstanceOf(PortableKernels.class, Kernels.select("portable", true));
        assertInstanceOf(PortableKernels.class, Kernels.select("auto", false));
        assertInstanceOf(PortableKernels.class, Kernels.select(" Portable ", false));
        assertInstanceOf(VectorKernels.class, Kernels.select("auto", true));
        assertInstanceOf(VectorKernels.class, Kernels.select("vector", true));
        assertEquals("portable", Kernels.select("portable", true).name());
        assertTrue(Kernels.select("vector", true).name().startsWith("vector ("));
    }

    @Test
    void theVectorKernelsAreSelectedWhenTheJvmHasTheModule() {
        // Surefire passes --add-modules jdk.incubator.vector; ./backprop does too.
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertTrue(present, "tests are expected to run with --add-modules jdk.incubator.vector");
        if (System.getProperty(Kernels.PROPERTY) == null) {
            assertInstanceOf(VectorKernels.class, Kernels.SELECTED);
        }
    }

    @Test
    void askingForVectorKernelsWithoutTheModuleNamesTheFlag() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kernels.select("vector", false));
        assertEquals("-Dbackprop.kernels=vector needs the Vector API: run java with --add-modules jdk.incubator.vector",
                e.getMessage());
    }

    @Test
    void anUnknownSettingIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.select("fast", true));
        assertEquals("Invalid backprop.kernels: 'fast' (must be auto, portable or vector)", e.getMessage());
    }

    private static void assertSameBits(boolean ta, boolean tb, int n, int m, int k, double[] a, double[] b,
                                       String what) {
        double[] portable = new double[n * m];
        double[] vector = new double[n * m];
        new PortableKernels().gemm(ta, tb, n, m, k, 1.0, a, 0, null, b, 0.0, portable);
        new VectorKernels().gemm(ta, tb, n, m, k, 1.0, a, 0, null, b, 0.0, vector);
        assertArrayEquals(portable, vector, what + ": portable vs vector");
    }

    /** {@code a} copied to {@code [offset, offset + a.length)} of a larger array, NaN elsewhere. */
    private static double[] window(double[] a, int offset, int least) {
        double[] w = new double[Math.max(least, offset + a.length + WINDOW_OFFSET + 2)];
        java.util.Arrays.fill(w, Double.NaN);
        System.arraycopy(a, 0, w, offset, a.length);
        return w;
    }

    /** {@code size} normals from {@code random}. */
    static double[] randn(RandomState random, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /**
     * {@code c} as both kernels must compute it: {@code beta c0}, then one fused multiply-add per
     * term from 0, in parts of {@code k} ({@link #part}) added in order, then one with alpha.
     */
    private static double[] naive(boolean ta, boolean tb, int n, int m, int k, double alpha, double[] a,
                                  double[] b, double beta, double[] c0) {
        double[] c = new double[n * m];
        int part = part(ta, n, m, k);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double total = 0;
                for (int q0 = 0; q0 < k; q0 += part) {
                    double s = 0;
                    for (int p = q0; p < Math.min(k, q0 + part); p++) {
                        s = Math.fma(ta ? a[p * n + i] : a[i * k + p], tb ? b[j * k + p] : b[p * m + j], s);
                    }
                    total = q0 == 0 ? s : total + s;
                }
                double scaled = beta == 0.0 ? 0.0 : beta == 1.0 ? c0[i * m + j] : c0[i * m + j] * beta;
                c[i * m + j] = Math.fma(total, alpha, scaled);
            }
        }
        return c;
    }

    /**
     * The terms per part of {@code k}: halves, in whole 7s, for {@code a op(b)} with under 112
     * rows, {@code k >= 256} and at least 2^19 multiply-adds (a mini-batch's forward product);
     * otherwise {@code k}, one part.
     */
    private static int part(boolean ta, int n, int m, int k) {
        boolean parts = !ta && n < 112 && k >= 256 && (long) n * m * k >= 1 << 19;
        return parts ? ((k + 1) / 2 + 6) / 7 * 7 : Math.max(k, 1);
    }

    @Test
    void aMiniBatchsForwardProductIsSummedInHalvesOfK() {
        assertEquals(392, Kernels.depthPart(false, 64, 21, 784), "the lesson's mini-batch");
        assertEquals(392, Kernels.depthPart(false, 111, 21, 784));
        assertEquals(784, Kernels.depthPart(false, 112, 21, 784), "112 rows: shared out by rows");
        assertEquals(784, Kernels.depthPart(true, 64, 21, 784), "a^T b");
        assertEquals(133, Kernels.depthPart(false, 64, 40, 256), "half of 256 rounded up to 133: 133 and 123");
        assertEquals(255, Kernels.depthPart(false, 64, 40, 255), "k under 256");
        assertEquals(1000, Kernels.depthPart(false, 20, 26, 1000), "under 2^19 multiply-adds");
        assertEquals(504, Kernels.depthPart(false, 20, 27, 1000));
        for (int n = 1; n < 130; n += 3) {
            for (int k = 200; k < 1100; k += 37) {
                for (int m : new int[] {1, 21, 400}) {
                    assertEquals(part(false, n, m, k), Kernels.depthPart(false, n, m, k), n + " x " + m + " x " + k);
                }
            }
        }
    }

    @Test
    void firstNonFiniteFindsANanOrAnInfinityAnywhereAndOnlyWithinItsRange() {
        for (Kernels kernels : List.of(new PortableKernels(), new VectorKernels())) {
            for (int from : new int[] {0, 3}) {
                for (int n = 0; n <= 70; n++) {
                    int to = from + n;
                    double[] a = new double[to + 1];
                    java.util.Arrays.fill(a, 0, from, Double.NaN);   // before from: not looked at
                    for (int i = from; i < to; i++) {
                        a[i] = (i % 3 - 1) * 1e300;   // finite, and their sums overflow now and then
                    }
                    a[to] = Double.NaN;               // from to on: not looked at
                    String what = kernels + ", [" + from + ", " + to + ")";
                    assertEquals(-1, kernels.firstNonFinite(a, from, to), what);
                    for (int bad = from; bad < to; bad++) {
                        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                            double[] b = a.clone();
                            b[bad] = value;
                            assertEquals(bad, kernels.firstNonFinite(b, from, to), what + ", " + value + " at " + bad);
                        }
                    }
                }
            }
            double[] overflow = new double[100];
            java.util.Arrays.fill(overflow, Double.MAX_VALUE);
            assertEquals(-1, kernels.firstNonFinite(overflow, 0, 100), kernels + ": the sum overflows, the values are finite");
        }
    }
}
