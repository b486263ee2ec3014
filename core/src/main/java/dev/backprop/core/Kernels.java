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
 * then the terms summed in order of {@code k} from zero, one fused multiply-add each, then added
 * with {@code alpha} by one more. So results are bit-identical whatever the thread count, and
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
     * The index of the first NaN or infinity in {@code a[0, n)}, or -1: the
     * {@link DivergenceDetector}'s check of every gradient and parameter after each step. A sum
     * of the values (in any order) that comes out finite says -1; only otherwise (a bad value,
     * or finite values whose sum overflows) are they looked at one by one ({@link #firstNonFiniteOf}).
     */
    int firstNonFinite(double[] a, int n);

    /** The last step of {@link #firstNonFinite}: the values one by one. */
    static int firstNonFiniteOf(double[] a, int n) {
        for (int i = 0; i < n; i++) {
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
