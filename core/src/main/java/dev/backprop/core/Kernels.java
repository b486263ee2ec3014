package dev.backprop.core;

import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The hot loops behind {@link Tensor}, on flat row-major arrays, in one small interface with
 * two implementations: {@link PortableKernels} (plain Java that C2 vectorizes) and
 * {@code VectorKernels} (the incubating Vector API, {@code jdk.incubator.vector}).
 *
 * <p>{@link #SELECTED} is chosen once, when this interface is first used: the Vector API
 * kernels when the JVM runs with {@code --add-modules jdk.incubator.vector} (which
 * {@code ./backprop} passes), the portable ones otherwise. The system property
 * {@value #PROPERTY} ({@code auto}, {@code portable} or {@code vector}) overrides the choice.
 * {@code VectorKernels} is loaded by name only, so nothing links against the incubator module
 * when it is absent.
 *
 * <p>Every implementation splits work into chunks whose boundaries depend only on the shape
 * (see {@link Parallelism}) and computes each element of a product the same way: {@code beta c},
 * then the terms summed in order of {@code k} from zero, one fused multiply-add each (a
 * mini-batch's forward product in two parts of {@code k}, {@link #depthPart}, added after), then
 * added with {@code alpha} by one more. So results are bit-identical whatever the thread count, and
 * the two implementations give the same bits, products and sigmoids alike (a run without the
 * Vector API module trains to the same numbers, only slower). The products of a read-only
 * matrix through {@link CompressedRows} take another order, the same in both implementations
 * ({@link #compressedRows}, {@link #compressedColumns}).
 */
interface Kernels {

    /** The system property that overrides the choice: {@code auto}, {@code portable} or {@code vector}. */
    String PROPERTY = "backprop.kernels";

    /** The module the Vector API kernels need. */
    String VECTOR_MODULE = "jdk.incubator.vector";

    /** The kernels {@link Tensor} uses, chosen once (see the class comment). */
    Kernels SELECTED = select(System.getProperty(PROPERTY, "auto"),
            ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());

    /** A short name for logs: {@code portable} or {@code vector (8 doubles per vector)}. */
    String name();

    /**
     * {@code c[n, m] = alpha * op(a) op(b) + beta * c}, with {@code op(a)} of shape {@code [n, k]}
     * and {@code op(b)} of shape {@code [k, m]}; {@code ta} / {@code tb} say that {@code a} is
     * stored as {@code [k, n]} / {@code b} as {@code [m, k]}, read in place. {@code a} is rows of
     * a larger matrix, not copied out: its stored row {@code r} starts at
     * {@code a[aOff + r * width]}, or at {@code a[aOff + aRows[r] * width]} when {@code aRows} is
     * not {@code null} (rows picked by index: a mini-batch read where it lies), {@code width}
     * being {@code k} ({@code n} when {@code ta}). {@code beta = 0} overwrites {@code c} (even
     * NaN); {@code c} must not share storage with {@code a} or {@code b}.
     */
    void gemm(boolean ta, boolean tb, int n, int m, int k, double alpha, double[] a, int aOff, int[] aRows,
              double[] b, double beta, double[] c);

    /**
     * {@code sums[j] = sum over p < k of b[p * m + j]} for {@code j < m}: plain additions from
     * zero, in order of {@code p} (the column sums of {@code b [k, m]}).
     */
    void columnSums(double[] b, int k, int m, double[] sums);

    /**
     * The entries of a {@link CompressedRows} block times {@code b [k, m]}, added into
     * {@code sums} (row {@code r} of the block at {@code sums[r * mp]}, {@code mp >= m} a
     * multiple of 24, {@link CompressedRows#padded}): for each column {@code p} in order and each of its entries
     * {@code (r, d)} in order, {@code sums[r * mp + j] = fma(d, b[p * m + j], sums[r * mp + j])}
     * for {@code j < m}. Lanes from {@code m} to {@code mp} may be overwritten.
     */
    void compressedRows(CompressedRows.Block block, double[] b, int m, double[] sums, int mp);

    /**
     * The entries of a {@link CompressedRows} block, transposed, times {@code g}, whose row
     * {@code r} is {@code g[g0 + r * m ...]}: for each column {@code p} of the block,
     * {@code t_j = v[j]}, then for each entry {@code (r, d)} in order
     * {@code t_j = fma(d, g[g0 + r * m + j], t_j)}, then
     * {@code c[p * m + j] = fma(t_j, alpha, c[p * m + j])}, for {@code j < m}.
     */
    void compressedColumns(CompressedRows.Block block, double[] g, int g0, int m, double[] v, double alpha,
                           double[] c);

    /**
     * From this many multiply-adds a product is shared out: a mini-batch step's (64 x 784 x 21,
     * about 1M) shares well now that the {@link Parallelism} workers spin between jobs (with
     * sleeping pool threads, sharing from 2^18 made a 750-step epoch 1000 ms instead of 610).
     */
    long PARALLEL_WORK = 1L << 19;

    /** Rows under which {@code a op(b)} may be summed in parts of {@code k} ({@link #depthPart}). */
    int PART_ROWS = 112;

    /**
     * Terms of {@code k} per part when {@code a op(b)} ({@code a} not transposed) is summed in
     * parts, or {@code k} when it is summed whole. In parts when it has under {@value #PART_ROWS}
     * rows (its rows would go in at most two tasks), {@code k >= 256} and at least
     * {@link #PARALLEL_WORK} multiply-adds: {@code k} in halves, rounded up to whole 7s. That is
     * a mini-batch's forward product, and also the last, shorter row block of a large batch (the
     * lesson's validation rows end with 96), which runs whole in its lane of {@link RowBlocks},
     * where the halves gain nothing and cost little. Each part's sums start from zero and go in
     * order of {@code k}; the two are added, and the total goes into {@code c} with {@code alpha}.
     *
     * <p>The halves, not the rows, are shared out, so on two threads (on more, only two of them
     * work on it) each reads half of every row's columns and half of the rows of {@code b}. In a
     * training step the weight gradient that follows reads the same columns again (its tasks,
     * quarters of the columns in whole 7s, go two to a thread, see {@link Parallelism}), and the
     * rows of {@code b}, the weights, are the ones that thread updates. Split by rows, both
     * threads read all of the weights, which each update then took back from the other core, and
     * half of the columns the weight gradient read came from the other core's cache. Mini-batch
     * epochs alternated in one JVM on 2 threads took 64.0 against 68.8 ms (medians of 10) when a
     * round trip between the cores took 70 ns, and 78.9 against 106.4 ms (of 8) when it took
     * 450-630 ns (the two virtual processors on different dies, which comes and goes). Quarters,
     * two to a thread, made the forward product slower (shorter runs of each row, more sums to
     * add): 67.7 and 88.2 ms.
     */
    static int depthPart(boolean ta, int n, int m, int k) {
        if (ta || n >= PART_ROWS || k < 256 || (long) n * m * k < PARALLEL_WORK) {
            return k;
        }
        return ((k + 1) / 2 + 6) / 7 * 7;
    }

    /** Where stored row {@code r} of {@code a} starts (see {@link #gemm}). */
    static int rowStart(int aOff, int[] aRows, int r, int width) {
        return aOff + (aRows == null ? r : aRows[r]) * width;
    }

    /**
     * {@code y[i] = }{@link Tensor#sigmoid(double) sigmoid}{@code (x[i])} for {@code i < n}, the
     * same bits as that method; {@code y} may be {@code x}.
     */
    void sigmoid(double[] x, double[] y, int n);

    /**
     * The index of the first NaN or infinity in {@code a[from, to)}, or -1: the
     * {@link DivergenceDetector}'s check of every gradient and parameter after each step. A sum
     * of the values (in any order) that comes out finite says -1; only otherwise (a bad value,
     * or finite values whose sum overflows) are they looked at one by one ({@link #firstNonFiniteOf}).
     */
    int firstNonFinite(double[] a, int from, int to);

    /** The last step of {@link #firstNonFinite}: the values one by one. */
    static int firstNonFiniteOf(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The kernels for a setting of {@value #PROPERTY}, given whether the JVM has the Vector API
     * module; logs the choice at debug level.
     *
     * @throws IllegalArgumentException for a setting other than auto, portable or vector
     * @throws IllegalStateException    for {@code vector} when the module is absent
     */
    static Kernels select(String setting, boolean vectorModule) {
        String s = setting.trim().toLowerCase(Locale.ROOT);
        Kernels chosen = switch (s) {
            case "portable" -> new PortableKernels();
            case "vector" -> {
                if (!vectorModule) {
                    throw new IllegalStateException("-D" + PROPERTY + "=vector needs the Vector API: run java with"
                            + " --add-modules " + VECTOR_MODULE);
                }
                yield loadVectorKernels();
            }
            case "auto" -> vectorModule ? loadVectorKernels() : new PortableKernels();
            default -> throw new IllegalArgumentException("Invalid " + PROPERTY + ": '" + setting
                    + "' (must be auto, portable or vector)");
        };
        LoggerFactory.getLogger(Kernels.class).debug("Kernels: {} ({}={}, {} {})", chosen.name(), PROPERTY, s,
                VECTOR_MODULE, vectorModule ? "present" : "absent");
        return chosen;
    }

    /** {@code new VectorKernels()}, by name: only this line's caller needs the incubator module. */
    private static Kernels loadVectorKernels() {
        try {
            return Class.forName("dev.backprop.core.VectorKernels").asSubclass(Kernels.class)
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Cannot load the Vector API kernels although " + VECTOR_MODULE
                    + " is present", e);
        }
    }

    /** {@code c[0, len) *= beta}, where {@code beta = 0} clears (0 * NaN would stay NaN). */
    static void scale(double[] c, int len, double beta) {
        if (beta == 0.0) {
            java.util.Arrays.fill(c, 0, len, 0.0);
        } else if (beta != 1.0) {
            for (int i = 0; i < len; i++) {
                c[i] *= beta;
            }
        }
    }
}
