package dev.backprop.layers;

import dev.backprop.core.Buffers;
import dev.backprop.core.Initializer;
import dev.backprop.core.Layer;
import dev.backprop.core.Parameter;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A fully connected (affine) layer, the lesson's {@code x @ W + b}:
 * <pre>
 *   forward:   Z = X W + b                  X [n, in], W [in, out], b [out], Z [n, out]
 *   backward:  dW += X^T G                  G = dL/dZ  [n, out]
 *              db += sum over rows of G
 *              returns dL/dX = G W^T        [n, in]
 * </pre>
 * The weight is stored {@code [in, out]}, as the lesson writes it, so that an initializer fills
 * it in the lesson's order. The bias is optional: the lesson's output layer has none.
 *
 * <p>Construction is apart from initialisation: {@code new Dense(in, out, bias)} holds zeros;
 * {@link #reset} (or the five-argument constructor) fills the parameters from a
 * {@link RandomState}. {@code forward} keeps a reference to its input for {@code backward}; do
 * not modify that tensor in between. A {@link #replica()} writes its results into tensors it
 * reuses (see {@link Layer#replica()}).
 */
public final class Dense implements Layer {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;   // null when the layer has no bias
    private final String name;      // toString(), built once: the row checks name the layer at every step
    private Tensor input;           // the last forward's input, read by backward: its rows
    private int inputFrom;          // [inputFrom, inputTo), read in place
    private int inputTo;
    private int[] inputRows;        // or these rows, picked by index (null: the window)
    private final Buffers outputs;          // a replica reuses its results, the layer does not
    private final Buffers inputGradients;

    /** A replica over the given parameters, for {@link #replica()}. */
    private Dense(int in, int out, Parameter weight, Parameter bias) {
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
        this.name = name(in, out, bias != null);
        this.outputs = new Buffers();
        this.inputGradients = new Buffers();
    }

    /** A layer of zeros; fill it with {@link #reset} before training. */
    public Dense(int in, int out, boolean bias) {
        if (in < 1) {
            throw new IllegalArgumentException("Invalid Dense input size: " + in + " (must be >= 1)");
        }
        if (out < 1) {
            throw new IllegalArgumentException("Invalid Dense output size: " + out + " (must be >= 1)");
        }
        this.in = in;
        this.out = out;
        this.weight = new Parameter("weight", Tensor.zeros(in, out));
        this.bias = bias ? new Parameter("bias", Tensor.zeros(out)) : null;
        this.name = name(in, out, bias);
        this.outputs = Buffers.none();
        this.inputGradients = Buffers.none();
    }

    /** A layer whose weight, then bias, are filled by {@code init} from {@code random}. */
    public Dense(int in, int out, boolean bias, Initializer init, RandomState random) {
        this(in, out, bias);
        reset(init, init, random);
    }

    /**
     * Refills the weight with {@code weightInit}, then the bias (if any) with {@code biasInit},
     * both drawing from {@code random} in that order. Gradients are left as they are.
     */
    public void reset(Initializer weightInit, Initializer biasInit, RandomState random) {
        if (weightInit == null || biasInit == null || random == null) {
            throw new IllegalArgumentException(this + ".reset: initializers and random state must not be null"
                    + " (got " + weightInit + ", " + biasInit + ", " + random + ")");
        }
        weightInit.initialize(weight.value(), random);
        if (bias != null) {
            biasInit.initialize(bias.value(), random);
        }
    }

    /** The weight {@code [in, out]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [out]}; throws if the layer was built without one. */
    public Parameter bias() {
        if (bias == null) {
            throw new IllegalStateException(this + " has no bias");
        }
        return bias;
    }

    public boolean hasBias() {
        return bias != null;
    }

    @Override
    public Tensor forward(Tensor input) {
        Layer.requireInput(this, "forward", input);
        requireInputShape(input.shape());
        return affine(input, 0, input.dim(0));
    }

    /** {@code X[from:to] W + b}, the rows read in place by the product, not copied. */
    @Override
    public Tensor forwardRows(Tensor input, int from, int to) {
        Layer.requireInput(this, "forwardRows", input);
        requireInputShape(input.shape());
        Tensor.requireRows(toString(), "input", input, from, to);
        return affine(input, from, to);
    }

    /** {@code X[rows] W + b}, the rows read where they lie by the product, not gathered first. */
    @Override
    public Tensor forwardRows(Tensor input, int[] rows) {
        Layer.requireInput(this, "forwardRows", input);
        requireInputShape(input.shape());
        Tensor.requireRows(toString(), "input", input, rows);
        Tensor z = outputs.get(rows.length, out);
        Tensor.gemm(false, false, 1.0, input, rows, weight.value(), 0.0, z);   // beta 0: overwrites z
        return remember(input, 0, rows.length, rows, z);
    }

    /** The forward pass of rows {@code [from, to)} of an input already checked. */
    private Tensor affine(Tensor input, int from, int to) {
        Tensor z = outputs.get(to - from, out);
        Tensor.gemm(false, false, 1.0, input, from, to, weight.value(), 0.0, z);   // beta 0: overwrites z
        return remember(input, from, to, null, z);
    }

    /** Adds the bias to the product {@code z} and keeps where the input rows were for backward. */
    private Tensor remember(Tensor input, int from, int to, int[] rows, Tensor z) {
        if (bias != null) {
            z.addRowVectorInPlace(bias.value());
        }
        this.input = input;
        this.inputFrom = from;
        this.inputTo = to;
        this.inputRows = rows;
        return z;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        backwardToParameters(gradOutput);
        // dX = G W^T, W read transposed in place.
        Tensor dx = inputGradients.get(gradOutput.dim(0), in);
        Tensor.gemm(false, true, 1.0, gradOutput, weight.value(), 0.0, dx);   // beta 0: overwrites dx
        return dx;
    }

    /** The parameter gradients only: what the first layer of a model needs. */
    @Override
    public void backwardToParameters(Tensor gradOutput) {
        LayerChecks.requireForward(input, this);
        LayerChecks.requireGradientShape(gradOutput, new int[] {inputTo - inputFrom, out}, this);
        // dW += X^T G: beta = 1 accumulates, and X is read transposed in place, not copied.
        if (inputRows == null) {
            Tensor.gemm(true, false, 1.0, input, inputFrom, inputTo, gradOutput, 1.0, weight.grad());
        } else {
            Tensor.gemm(true, false, 1.0, input, inputRows, gradOutput, 1.0, weight.grad());
        }
        if (bias != null) {
            addColumnSums(gradOutput, bias.grad());
        }
    }

    /** {@code target[j] += sum_i g[i, j]}: the bias gradient, without allocating. */
    private static void addColumnSums(Tensor g, Tensor target) {
        DoubleBuffer gd = g.buffer();   // only read: a read-only gradient too
        double[] t = target.data();
        int m = t.length;
        for (int o = 0; o < gd.capacity(); o += m) {
            for (int j = 0; j < m; j++) {
                t[j] += gd.get(o + j);
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** The same weight and bias values; gradients, input cache and result tensors of its own. */
    @Override
    public Optional<Layer> replica() {
        return Optional.of(new Dense(in, out, weight.replica(), bias == null ? null : bias.replica()));
    }

    /** {@code [n, in] -> [n, out]}. */
    @Override
    public int[] outputShape(int... inputShape) {
        requireInputShape(inputShape);
        return new int[] {inputShape[0], out};
    }

    private void requireInputShape(int[] shape) {
        if (shape.length != 2 || shape[1] != in) {
            throw new IllegalArgumentException("Dense(" + in + " -> " + out + ") got input "
                    + Arrays.toString(shape));
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static String name(int in, int out, boolean bias) {
        return "Dense(" + in + " -> " + out + (bias ? ", bias)" : ", no bias)");
    }
}
