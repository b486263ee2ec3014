package dev.backprop.core;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * An n-dimensional array of {@code double}s: a shape plus contiguous row-major storage, like a
 * C-ordered float64 numpy array. Activations are {@code [batch, features]}, batch first.
 *
 * <p>Operations that return a {@code Tensor} allocate a new one and leave their operands
 * untouched; methods ending in {@code InPlace} modify {@code this} and return it, for the hot
 * path. Matrix products that read an operand transposed do so in place, without a copy
 * ({@link #gemm}). Any shape mismatch throws {@link IllegalArgumentException} naming the
 * operation and both shapes, e.g. {@code matmul: [64, 783] x [784, 21]}.
 */
public final class Tensor {

    /** Rows per parallel chunk of a gather. */
    private static final int GATHER_CHUNK = 16;
    /** Values (of a whole gather) from which it is shared out: 32 rows of MNIST. */
    private static final long PARALLEL_GATHER = 32 * 784;

    private final int[] shape;
    private final double[] data;
    private boolean readOnly;
    /** Built from the values of a read-only tensor when first needed ({@link CompressedRows}). */
    private volatile CompressedRows compressed;

    private Tensor(double[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- factories

    /** A tensor of zeros of the given shape. */
    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        return new Tensor(new double[sizeOf(s)], s);
    }

    /** A tensor with every element equal to {@code value}. */
    public static Tensor filled(double value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** A tensor holding a copy of {@code data}, read row-major into {@code shape}. */
    public static Tensor of(double[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /**
     * A tensor backed by {@code data} itself, without a copy: later writes to the array show
     * in the tensor and the other way round.
     */
    public static Tensor wrap(double[] data, int... shape) {
        int[] s = checkShape(shape);
        if (data.length != sizeOf(s)) {
            throw new IllegalArgumentException("wrap: " + data.length + " values do not fill shape "
                    + Arrays.toString(s) + " (" + sizeOf(s) + " values)");
        }
        return new Tensor(data, s);
    }

    /** A 1-d tensor of the given values. */
    public static Tensor vector(double... values) {
        return of(values, values.length);
    }

    /** A 0-d tensor (shape {@code []}) holding one value. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, new int[0]);
    }

    /** A {@code [rows.length, cols]} matrix from equally long rows; ragged rows are rejected. */
    public static Tensor fromRows(double[]... rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("fromRows: no rows given");
        }
        int cols = rows[0].length;
        double[] d = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("fromRows: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return wrap(d, rows.length, cols);
    }

    // ---------------------------------------------------------------- shape and access

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[normalizeAxis(axis, "dim")];
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Number of rows of a matrix ({@code dim(0)}), or 1 for a vector or scalar. */
    public int rows() {
        return shape.length < 2 ? 1 : shape[0];
    }

    /** Number of columns: the last dimension, or 1 for a scalar. */
    public int cols() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /**
     * The backing array itself, row-major, not a copy. Writes through it change the tensor; this
     * is how kernels and optimizers work without allocating.
     *
     * @throws IllegalStateException if the tensor is {@link #readOnly() read-only}
     */
    public double[] data() {
        requireWritable("data()");
        return data;
    }

    /** The backing array, for code in this package that only reads it (read-only tensors too). */
    double[] values() {
        return data;
    }

    /**
     * The values, row-major, as a read-only buffer over this tensor's storage, not a copy: how
     * code outside the library reads any tensor, {@link #readOnly() read-only} ones included
     * ({@link #data()} hands out the array itself, which they must refuse). It sees later changes
     * of a writable tensor; it cannot make any.
     */
    public DoubleBuffer buffer() {
        return DoubleBuffer.wrap(data).asReadOnlyBuffer();
    }

    /**
     * Makes this tensor read-only, for good, and returns it, like numpy's
     * {@code x.flags.writeable = False}: from now on {@link #data()} and every operation that
     * would change its values ({@code set}, {@code fill}, the {@code ...InPlace} methods, use as
     * an output) throw, and so do the same on its later {@link #reshape reshapes}. Operations that
     * read it work as before. Like numpy's flag it cannot reach arrays or views taken before the
     * call: those must not be written either. The library's layers, losses and writers read it
     * like any other; code of your own reads it through {@link #buffer()}, or {@link #copy()}
     * gives a writable tensor.
     *
     * <p>Why: the values of a read-only tensor are known not to change, so work derived from them
     * can be kept. A matrix product reads a read-only matrix whose rows are mostly one value per
     * row (MNIST's images after the lesson's standardization: the blank background) through a
     * compressed copy of its rows, built at its first use and kept with the tensor (see
     * {@link #gemm(boolean, boolean, double, Tensor, int, int, Tensor, double, Tensor)}). The
     * lesson's data sets are read-only for that reason.
     */
    public Tensor readOnly() {
        readOnly = true;
        return this;
    }

    /** Whether this tensor is {@link #readOnly() read-only}. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Throws if this tensor is read-only, naming the operation that would have changed it. */
    private void requireWritable(String op) {
        if (readOnly) {
            throw new IllegalStateException(op + ": tensor " + Arrays.toString(shape)
                    + " is read-only (its values cannot change; copy() gives a writable copy)");
        }
    }

    /** The compressed copy of this read-only matrix, built at the first call ({@link CompressedRows#of}). */
    CompressedRows compressed() {
        CompressedRows c = compressed;
        if (c == null) {
            synchronized (this) {
                c = compressed;
                if (c == null) {
                    c = CompressedRows.of(shape[0], shape[1], data);
                    compressed = c;
                }
            }
        }
        return c;
    }

    /** A copy of the elements, row-major. */
    public double[] toArray() {
        return data.clone();
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Whether this tensor's shape is {@code shape}, without copying either. */
    boolean hasShape(int[] shape) {
        return Arrays.equals(this.shape, shape);
    }

    public double get(int... index) {
        return data[offset(index)];
    }

    public void set(double value, int... index) {
        requireWritable("set");
        data[offset(index)] = value;
    }

    /** The single value of a tensor with one element. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("item: tensor of shape " + Arrays.toString(shape)
                    + " has " + data.length + " elements, expected 1");
        }
        return data[0];
    }

    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Copies {@code source}'s values into this tensor of the same shape. */
    public Tensor copyFrom(Tensor source) {
        requireWritable("copyFrom");
        requireSameShape("copyFrom", this, source);
        System.arraycopy(source.data, 0, data, 0, data.length);
        return this;
    }

    /**
     * A tensor of a new shape sharing this one's storage (no copy). One dimension may be
     * {@code -1}, inferred from the size, as in numpy.
     */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && infer < 0) {
                infer = i;
            } else if (s[i] <= 0) {
                throw new IllegalArgumentException("reshape: " + Arrays.toString(shape) + " to "
                        + Arrays.toString(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || data.length % known != 0) {
                throw new IllegalArgumentException("reshape: " + Arrays.toString(shape) + " to "
                        + Arrays.toString(newShape));
            }
            s[infer] = data.length / known;
        }
        if (sizeOf(s) != data.length) {
            throw new IllegalArgumentException("reshape: " + Arrays.toString(shape) + " to "
                    + Arrays.toString(newShape));
        }
        Tensor view = new Tensor(data, s);
        view.readOnly = readOnly;   // a view of read-only values is read-only
        return view;
    }

    /** The transpose of a matrix, as a new tensor. Products never need it: see {@link #gemm}. */
    public Tensor transpose() {
        requireMatrix("transpose", this);
        int r = shape[0];
        int c = shape[1];
        double[] t = new double[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = data[i * c + j];
            }
        }
        return new Tensor(t, new int[] {c, r});
    }

    /** Rows {@code [from, to)} of a matrix (or elements of a vector), copied. */
    public Tensor sliceRows(int from, int to) {
        requireSlice(from, to);
        int stride = data.length / Math.max(1, shape[0]);
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(Arrays.copyOfRange(data, from * stride, to * stride), s);
    }

    /**
     * {@link #sliceRows(int, int)} copied into {@code out}, a tensor of the slice's shape
     * (a reused buffer, say); returns {@code out}.
     */
    public Tensor sliceRows(int from, int to, Tensor out) {
        requireSlice(from, to);
        int[] s = shape.clone();
        s[0] = to - from;
        if (out == null || !out.hasShape(s)) {
            throw new IllegalArgumentException("sliceRows: out must have shape " + Arrays.toString(s) + ", got "
                    + (out == null ? "null" : Arrays.toString(out.shape)));
        }
        out.requireWritable("sliceRows into out");
        int stride = data.length / Math.max(1, shape[0]);
        System.arraycopy(data, from * stride, out.data, 0, out.data.length);
        return out;
    }

    private void requireSlice(int from, int to) {
        if (shape.length == 0 || from < 0 || to > shape[0] || from > to) {
            throw new IllegalArgumentException("sliceRows: [" + from + ", " + to + ") of "
                    + Arrays.toString(shape));
        }
    }

    /** The rows named by {@code indices}, in that order (numpy's {@code x[idx]}). */
    public Tensor gatherRows(int[] indices) {
        return gatherRows(indices, new Tensor(new double[indices.length * rowSize("gatherRows")], rowsShape(indices.length)));
    }

    /**
     * {@link #gatherRows(int[])} copied into {@code out}, a tensor of the gathered shape (a
     * reused buffer, say); returns {@code out}. A large gather is shared out on the
     * {@link Parallelism} threads: random rows come from memory, and two cores fetch them about
     * twice as fast as one (a 64-row MNIST batch is 400 KB).
     */
    public Tensor gatherRows(int[] indices, Tensor out) {
        int stride = rowSize("gatherRows");
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= shape[0]) {
                throw new IndexOutOfBoundsException("gatherRows: index " + indices[i] + " at position " + i
                        + " outside [0, " + shape[0] + ")");
            }
        }
        int[] s = rowsShape(indices.length);
        if (out == null || !out.hasShape(s)) {
            throw new IllegalArgumentException("gatherRows: out must have shape " + Arrays.toString(s) + ", got "
                    + (out == null ? "null" : Arrays.toString(out.shape)));
        }
        out.requireWritable("gatherRows into out");
        double[] t = out.data;
        Parallelism.forRange(indices.length, GATHER_CHUNK, (long) indices.length * stride >= PARALLEL_GATHER,
                (from, to) -> {
                    for (int i = from; i < to; i++) {
                        System.arraycopy(data, indices[i] * stride, t, i * stride, stride);
                    }
                    return 0;
                });
        return out;
    }

    /** Values per row; throws for a scalar, which has no rows. */
    private int rowSize(String op) {
        if (shape.length == 0) {
            throw new IllegalArgumentException(op + ": scalar tensor has no rows");
        }
        return data.length / Math.max(1, shape[0]);
    }

    /** This tensor's shape with {@code rows} rows. */
    private int[] rowsShape(int rows) {
        int[] s = shape.clone();
        s[0] = rows;
        return s;
    }

    // ---------------------------------------------------------------- matrix products

    /** {@code this @ other}: {@code [n, k] x [k, m] -> [n, m]}. */
    public Tensor matmul(Tensor other) {
        return product("matmul", this, false, other, false);
    }

    /** {@code this^T @ other} without transposing: {@code [k, n]^T x [k, m] -> [n, m]}. */
    public Tensor transposeMatmul(Tensor other) {
        return product("transposeMatmul", this, true, other, false);
    }

    /** {@code this @ other^T} without transposing: {@code [n, k] x [m, k]^T -> [n, m]}. */
    public Tensor matmulTranspose(Tensor other) {
        return product("matmulTranspose", this, false, other, true);
    }

    private static Tensor product(String op, Tensor a, boolean ta, Tensor b, boolean tb) {
        requireMatrix(op, a, b);
        int n = ta ? a.shape[1] : a.shape[0];
        int m = tb ? b.shape[0] : b.shape[1];
        Tensor c = zeros(n, m);
        gemm(op, ta, tb, 1.0, a, b, 0.0, c);
        return c;
    }

    /**
     * The one general matrix product, BLAS's {@code dgemm}: {@code c = alpha * op(a) op(b) +
     * beta * c} where {@code op(x)} is {@code x} or its transpose, read in place. Modifies
     * {@code c} only. {@code beta = 1} accumulates into {@code c} (how gradients are added);
     * {@code beta = 0} overwrites it. {@code c} must not be {@code a} or {@code b}.
     */
    public static void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b,
                            double beta, Tensor c) {
        gemm("gemm", transA, transB, alpha, a, b, beta, c);
    }

    /**
     * {@link #gemm(boolean, boolean, double, Tensor, Tensor, double, Tensor)} with {@code a}'s
     * stored rows {@code [from, to)} for {@code a}: the same result as passing
     * {@code a.sliceRows(from, to)} (for a read-only {@code a}, see below), read in place instead of copied. With {@code transA} those
     * rows are the reduction's ({@code X[from:to]^T G}, the weight gradient of a block of rows).
     * This is how {@link RowBlocks} runs a block of a large batch without copying it. When
     * {@code a} is {@link #readOnly() read-only}, {@code b} is not transposed and the rows are
     * whole blocks of 128 that are mostly background (one value per row), the product reads
     * them compressed instead ({@link CompressedRows}): the same numbers up to rounding.
     */
    public static void gemm(boolean transA, boolean transB, double alpha, Tensor a, int from, int to, Tensor b,
                            double beta, Tensor c) {
        requireMatrix("gemm", a);
        requireRows("gemm", "a", a, from, to);
        gemm("gemm", transA, transB, alpha, a, from, to, b, beta, c);
    }

    /**
     * {@link #gemm(boolean, boolean, double, Tensor, Tensor, double, Tensor)} with {@code a}'s
     * stored rows {@code rows} (in that order, repeats allowed) for {@code a}: the same result as
     * passing {@code a.gatherRows(rows)}, read where the rows lie instead of copied. This is how
     * a mini-batch is multiplied straight from the training set: the products fetch the scattered
     * rows while they compute (a 64-row MNIST step measured 137 against 117 us, gather then
     * multiply against this, on 2 threads).
     */
    public static void gemm(boolean transA, boolean transB, double alpha, Tensor a, int[] rows, Tensor b,
                            double beta, Tensor c) {
        requireMatrix("gemm", a);
        requireRows("gemm", "a", a, rows);
        gemm("gemm", transA, transB, alpha, a, 0, rows.length, rows, b, beta, c);
    }

    private static void gemm(String op, boolean ta, boolean tb, double alpha, Tensor a, Tensor b,
                             double beta, Tensor c) {
        requireMatrix(op, a);
        gemm(op, ta, tb, alpha, a, 0, a.shape[0], b, beta, c);
    }

    /** The product of rows {@code [from, to)} of the matrix {@code a}, which the caller has checked. */
    private static void gemm(String op, boolean ta, boolean tb, double alpha, Tensor a, int from, int to, Tensor b,
                             double beta, Tensor c) {
        gemm(op, ta, tb, alpha, a, from, to, null, b, beta, c);
    }

    /**
     * The product of rows {@code [from, to)} of the matrix {@code a}, or, when {@code picked} is not
     * {@code null}, of its rows {@code picked} ({@code from} 0, {@code to} their count): checked by the caller.
     */
    private static void gemm(String op, boolean ta, boolean tb, double alpha, Tensor a, int from, int to, int[] picked,
                             Tensor b, double beta, Tensor c) {
        requireMatrix(op, b, c);
        if (c == a || c == b || c.data == a.data || c.data == b.data) {
            throw new IllegalArgumentException(op + ": the output must not share storage with an operand");
        }
        c.requireWritable(op + " into c");
        int rows = to - from;
        int cols = a.shape[1];
        int n = ta ? cols : rows;
        int k = ta ? rows : cols;
        int kb = tb ? b.shape[1] : b.shape[0];
        int m = tb ? b.shape[0] : b.shape[1];
        if (k != kb) {
            throw new IllegalArgumentException(op + ": " + describe(a, from, to, picked, ta) + " x "
                    + describe(b, 0, b.shape[0], null, tb));
        }
        if (c.shape[0] != n || c.shape[1] != m) {
            throw new IllegalArgumentException(op + ": " + describe(a, from, to, picked, ta) + " x "
                    + describe(b, 0, b.shape[0], null, tb) + " does not fit output " + Arrays.toString(c.shape));
        }
        if (a.readOnly && picked == null && !tb && m > 0) {
            CompressedRows compressed = a.compressed();
            if (compressed.covers(from, to)) {
                if (ta) {
                    compressed.transposeTimes(from, to, alpha, b.data, m, beta, c.data);
                } else {
                    compressed.times(from, to, alpha, b.data, m, beta, c.data);
                }
                return;
            }
        }
        Kernels.SELECTED.gemm(ta, tb, n, m, k, alpha, a.data, from * cols, picked, b.data, beta, c.data);
    }

    /**
     * {@code [2, 3]}, {@code [2, 3]^T}, for a window of rows {@code rows [4, 6) of [10, 3]}, for
     * rows by index {@code 64 rows by index of [48000, 784]}.
     */
    private static String describe(Tensor t, int from, int to, int[] rows, boolean transposed) {
        String shape = rows != null ? rows.length + " rows by index of " + Arrays.toString(t.shape)
                : from == 0 && to == t.shape[0] ? Arrays.toString(t.shape)
                : "rows [" + from + ", " + to + ") of " + Arrays.toString(t.shape);
        return shape + (transposed ? "^T" : "");
    }

    // ---------------------------------------------------------------- element-wise

    public Tensor add(Tensor other) {
        return copy().addInPlace(other);
    }

    public Tensor sub(Tensor other) {
        return copy().subInPlace(other);
    }

    public Tensor mul(Tensor other) {
        return copy().mulInPlace(other);
    }

    public Tensor div(Tensor other) {
        return copy().divInPlace(other);
    }

    public Tensor addInPlace(Tensor other) {
        requireWritable("addInPlace");
        requireSameShape("add", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] += o[i];
        }
        return this;
    }

    public Tensor subInPlace(Tensor other) {
        requireWritable("subInPlace");
        requireSameShape("sub", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] -= o[i];
        }
        return this;
    }

    public Tensor mulInPlace(Tensor other) {
        requireWritable("mulInPlace");
        requireSameShape("mul", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] *= o[i];
        }
        return this;
    }

    public Tensor divInPlace(Tensor other) {
        requireWritable("divInPlace");
        requireSameShape("div", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] /= o[i];
        }
        return this;
    }

    /** {@code this += alpha * other}, BLAS's axpy. */
    public Tensor addScaledInPlace(double alpha, Tensor other) {
        requireWritable("addScaledInPlace");
        requireSameShape("addScaled", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] += alpha * o[i];
        }
        return this;
    }

    public Tensor add(double scalar) {
        return copy().addInPlace(scalar);
    }

    public Tensor addInPlace(double scalar) {
        requireWritable("addInPlace");
        for (int i = 0; i < data.length; i++) {
            data[i] += scalar;
        }
        return this;
    }

    public Tensor mul(double scalar) {
        return copy().mulInPlace(scalar);
    }

    public Tensor mulInPlace(double scalar) {
        requireWritable("mulInPlace");
        for (int i = 0; i < data.length; i++) {
            data[i] *= scalar;
        }
        return this;
    }

    public Tensor fill(double value) {
        requireWritable("fill");
        Arrays.fill(data, value);
        return this;
    }

    /** {@code [n, m] + [m]}: adds the vector to every row (numpy broadcasting of a bias). */
    public Tensor addRowVector(Tensor row) {
        return copy().addRowVectorInPlace(row);
    }

    public Tensor addRowVectorInPlace(Tensor row) {
        requireWritable("addRowVectorInPlace");
        requireMatrix("addRowVector", this);
        int m = shape[1];
        if (row.data.length != m || row.shape.length > 2 || (row.shape.length == 2 && row.shape[0] != 1)) {
            throw new IllegalArgumentException("addRowVector: " + Arrays.toString(shape) + " + "
                    + Arrays.toString(row.shape));
        }
        double[] r = row.data;
        for (int i = 0, o = 0; i < shape[0]; i++, o += m) {
            for (int j = 0; j < m; j++) {
                data[o + j] += r[j];
            }
        }
        return this;
    }

    /** Applies {@code f} to every element, into a new tensor. */
    public Tensor map(DoubleUnaryOperator f) {
        return copy().mapInPlace(f);
    }

    public Tensor mapInPlace(DoubleUnaryOperator f) {
        requireWritable("mapInPlace");
        for (int i = 0; i < data.length; i++) {
            data[i] = f.applyAsDouble(data[i]);
        }
        return this;
    }

    /** {@code f(this[i], other[i])} for every element, into a new tensor. */
    public Tensor zip(Tensor other, DoubleBinaryOperator f) {
        requireSameShape("zip", this, other);
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = f.applyAsDouble(data[i], other.data[i]);
        }
        return new Tensor(out, shape.clone());
    }

    /**
     * The logistic function 1 / (1 + e^-x), element-wise; never NaN (for a number), never
     * overflows, and the same bits as {@link #sigmoid(double)} value by value.
     */
    public Tensor sigmoid() {
        return sigmoid(zeros(shape));
    }

    /** {@link #sigmoid()} in place. */
    public Tensor sigmoidInPlace() {
        return sigmoid(this);
    }

    /** {@link #sigmoid()} written into {@code out}, a tensor of this shape (this one too); returns {@code out}. */
    public Tensor sigmoid(Tensor out) {
        if (out == null) {
            throw new IllegalArgumentException("sigmoid: out must be a tensor of shape " + Arrays.toString(shape)
                    + ", got null");
        }
        requireSameShape("sigmoid", this, out);
        out.requireWritable("sigmoid into out");
        Kernels.SELECTED.sigmoid(data, out.data, data.length);
        return out;
    }

    /**
     * Which kernels run the matrix products and sigmoids: {@code "vector (8 doubles per vector)"}
     * when the JVM has {@code jdk.incubator.vector} ({@code --add-modules jdk.incubator.vector}),
     * else {@code "portable"}; chosen once, at first use. Their results are the same bits.
     */
    public static String kernels() {
        return Kernels.SELECTED.name();
    }

    /**
     * The logistic function of one value, from {@code e = e^-|x|}, which cannot overflow:
     * {@code 1 / (1 + e)} for {@code x >= 0}, {@code e / (1 + e)} for {@code x < 0}. The choice
     * is a select, not a branch: a hidden layer's inputs change sign at random, and a branch
     * would be mispredicted half the time. The exponential is {@link Exponential#exp}, within an
     * ulp of {@link Math#exp}, whose steps the vector kernels repeat lane by lane.
     */
    public static double sigmoid(double x) {
        double e = Exponential.exp(-Math.abs(x));
        double r = 1.0 / (1.0 + e);
        return x >= 0 ? r : e * r;
    }

    public Tensor tanh() {
        return map(Math::tanh);
    }

    /** {@code max(0, x)}, element-wise; NaN stays NaN, as in PyTorch, so that a diverging run shows. */
    public Tensor relu() {
        return map(v -> v <= 0 ? 0.0 : v);
    }

    // ---------------------------------------------------------------- reductions

    public double sum() {
        double s = 0;
        for (double v : data) {
            s += v;
        }
        return s;
    }

    public double mean() {
        return sum() / data.length;
    }

    /** Sum of a matrix over {@code axis} 0 (down the columns: {@code [m]}) or 1 (along rows: {@code [n]}). */
    public Tensor sum(int axis) {
        requireMatrix("sum", this);
        int ax = normalizeAxis(axis, "sum");
        int n = shape[0];
        int m = shape[1];
        if (ax == 0) {
            double[] out = new double[m];
            for (int i = 0, o = 0; i < n; i++, o += m) {
                for (int j = 0; j < m; j++) {
                    out[j] += data[o + j];
                }
            }
            return new Tensor(out, new int[] {m});
        }
        double[] out = new double[n];
        for (int i = 0, o = 0; i < n; i++, o += m) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += data[o + j];
            }
            out[i] = s;
        }
        return new Tensor(out, new int[] {n});
    }

    /** Mean of a matrix over {@code axis}, like {@link #sum(int)} divided by that dimension. */
    public Tensor mean(int axis) {
        int ax = normalizeAxis(axis, "mean");
        return sum(ax).mulInPlace(1.0 / shape[ax]);
    }

    public double max() {
        if (data.length == 0) {
            throw new IllegalStateException("max: empty tensor");
        }
        double m = data[0];
        for (double v : data) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Index of the largest value in each row of a matrix (first one on ties, as numpy). */
    public int[] argmaxRows() {
        requireMatrix("argmaxRows", this);
        int n = shape[0];
        int m = shape[1];
        int[] out = new int[n];
        for (int i = 0, o = 0; i < n; i++, o += m) {
            int best = 0;
            for (int j = 1; j < m; j++) {
                if (data[o + j] > data[o + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    // ---------------------------------------------------------------- comparison

    /**
     * numpy's {@code allclose}: same shape and {@code |a - b| <= atol + rtol * |b|} everywhere
     * ({@code b} is {@code other}). NaNs are never close.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!sameShape(other)) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            double a = data[i];
            double b = other.data[i];
            if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b)) && a != b) {
                return false;
            }
        }
        return true;
    }

    /** Exact equality of shape and every value's bits. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor)) {
            return false;
        }
        Tensor t = (Tensor) o;
        return Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /**
     * numpy-like text: nested brackets, one row per line, blocks of rank 3 and up separated by a
     * blank line, followed by the shape. As in numpy, a tensor of more than 1000 elements is
     * summarised: each dimension longer than 6 shows its first 3 and last 3 entries around
     * {@code ...}. Values print in their shortest form up to 6 significant digits.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
            sb.append(format(data[0]));
        } else {
            appendDim(sb, 0, 0, data.length > SUMMARY_THRESHOLD);
        }
        return sb.append(", shape=").append(Arrays.toString(shape)).append(')').toString();
    }

    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int INDENT = "tensor(".length();

    private void appendDim(StringBuilder sb, int dim, int offset, boolean summarise) {
        int n = shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        boolean last = dim == shape.length - 1;
        // Between sub-blocks: a newline, one blank line per level below the rows, the indent.
        String separator = last ? ", "
                : ",\n" + "\n".repeat(shape.length - dim - 2) + " ".repeat(INDENT + dim + 1);
        boolean abbreviate = summarise && n > 2 * EDGE_ITEMS;
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (abbreviate && i == EDGE_ITEMS) {
                sb.append("...").append(separator);
                i = n - EDGE_ITEMS;
            }
            if (last) {
                sb.append(format(data[offset + i]));
            } else {
                appendDim(sb, dim + 1, offset + i * stride, summarise);
            }
            if (i < n - 1) {
                sb.append(separator);
            }
        }
        sb.append(']');
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e16) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+($|e)", "$1$2")
                .replaceFirst("\\.($|e)", ".0$1");
    }

    // ---------------------------------------------------------------- checks

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " for shape "
                    + Arrays.toString(shape));
        }
        int off = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index)
                        + " out of bounds for shape " + Arrays.toString(shape));
            }
            off = off * shape[d] + index[d];
        }
        return off;
    }

    private int normalizeAxis(int axis, String op) {
        int ax = axis < 0 ? axis + shape.length : axis;
        if (ax < 0 || ax >= shape.length) {
            throw new IllegalArgumentException(op + ": axis " + axis + " for shape " + Arrays.toString(shape));
        }
        return ax;
    }

    private static int[] checkShape(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        sizeOf(shape);
        return shape.clone();
    }

    private static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more elements than a Java array can hold");
            }
        }
        return (int) n;
    }

    /**
     * Throws unless {@code [from, to)} are rows of {@code t} (a tensor of rank 1 or more):
     * {@code op: rows [8, 12) of name [10, 3] (expected 0 <= from <= to <= 10)}.
     */
    public static void requireRows(String op, String name, Tensor t, int from, int to) {
        requireNonNull(op, name, t);
        if (from < 0 || to > t.shape[0] || from > to) {
            throw new IllegalArgumentException(op + ": rows [" + from + ", " + to + ") of " + name + " "
                    + Arrays.toString(t.shape) + " (expected 0 <= from <= to <= " + t.shape[0] + ")");
        }
    }

    /** Throws unless every one of {@code rows} is a row of {@code t}, naming the first that is not. */
    public static void requireRows(String op, String name, Tensor t, int[] rows) {
        requireNonNull(op, name, t);
        if (t.shape.length == 0) {
            throw new IllegalArgumentException(op + ": " + name + " is a scalar, which has no rows to pick");
        }
        if (rows == null) {
            throw new IllegalArgumentException(op + ": rows of " + name + " " + Arrays.toString(t.shape)
                    + " are null (expected row indices)");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= t.shape[0]) {
                throw new IllegalArgumentException(op + ": row index " + rows[i] + " at position " + i + " of " + name
                        + " " + Arrays.toString(t.shape) + " (expected 0 <= index < " + t.shape[0] + ")");
            }
        }
    }

    /** Throws unless {@code a} and {@code b} have the same shape: {@code op: [2, 3] vs [3, 2]} (or {@code vs null}). */
    public static void requireSameShape(String op, Tensor a, Tensor b) {
        if (a == null || b == null || !Arrays.equals(a.shape, b.shape)) {
            throw new IllegalArgumentException(op + ": " + (a == null ? "null" : Arrays.toString(a.shape)) + " vs "
                    + (b == null ? "null" : Arrays.toString(b.shape)));
        }
    }

    /**
     * {@link #requireSameShape(String, Tensor, Tensor)} for two named arguments, a null one
     * reported by name: {@code op: target is null (expected a tensor)}.
     */
    public static void requireSameShape(String op, String aName, Tensor a, String bName, Tensor b) {
        requireNonNull(op, aName, a);
        requireNonNull(op, bName, b);
        requireSameShape(op, a, b);
    }

    /** Throws if {@code t} is null: {@code op: name is null (expected a tensor)}. */
    public static void requireNonNull(String op, String name, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null (expected a tensor)");
        }
    }

    private static void requireMatrix(String op, Tensor... ts) {
        for (Tensor t : ts) {
            if (t.shape.length != 2) {
                throw new IllegalArgumentException(op + ": expected a matrix, got shape "
                        + Arrays.toString(t.shape));
            }
        }
    }
}
