package dev.backprop.core;

import java.util.List;
import java.util.Optional;

/**
 * One differentiable step of a model. The whole contract an extender implements:
 * <ol>
 *   <li>{@link #forward} maps a batch {@code [batch, features...]} to the output and caches
 *       what {@code backward} will need;</li>
 *   <li>{@link #backward} receives dL/d(output) of the last forward, <em>adds</em> dL/d(param)
 *       into each parameter's {@link Parameter#grad()} and returns dL/d(input);</li>
 *   <li>{@link #parameters} lists the trainable state, in a fixed order.</li>
 * </ol>
 * Calling {@code backward} before any {@code forward} throws {@link IllegalStateException}.
 * Check a new layer with {@link GradientCheck#check(Layer, Tensor)}.
 */
public interface Layer {

    Tensor forward(Tensor input);

    /**
     * The forward pass of rows {@code [from, to)} of the batch {@code input}: the same output as
     * {@code forward(input.sliceRows(from, to))}, after which {@code backward} works as after
     * that call. {@link RowBlocks} runs each block of a large batch this way. The default copies
     * the rows; a layer that can read them in place (as {@code Dense} does, straight into its
     * matrix product) overrides it and saves the copy: 800 KB per 128-row block of MNIST.
     */
    default Tensor forwardRows(Tensor input, int from, int to) {
        requireInput(this, "forwardRows", input);
        return forward(input.sliceRows(from, to));
    }

    /**
     * The forward pass of the rows {@code rows} of {@code input}, in that order (repeats
     * allowed): the same output as {@code forward(input.gatherRows(rows))}, after which
     * {@code backward} works as after that call. A mini-batch drawn from the training set runs
     * this way ({@link RowBlocks#lossAndGradients(Batch, Loss)}). The default copies the rows; a
     * layer that can read them where they lie (as {@code Dense} does) overrides it, and its
     * product then fetches the scattered rows while it computes. The layer may keep
     * {@code input} and {@code rows} for its backward pass: do not change them in between.
     *
     * @throws IllegalArgumentException for a row index outside the batch, or a null input
     */
    default Tensor forwardRows(Tensor input, int[] rows) {
        requireInput(this, "forwardRows", input);
        Tensor.requireRows("forwardRows", "input", input, rows);
        return forward(input.gatherRows(rows));
    }

    /**
     * Throws if {@code input} is null, naming the layer and the pass:
     * {@code Dense(3 -> 2, bias) forward: input is null (expected a tensor)}. For layers to call
     * first in {@code forward}; the message is built only on failure (forward runs every step).
     */
    static void requireInput(Layer layer, String pass, Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException(layer + " " + pass + ": input is null (expected a tensor)");
        }
    }

    Tensor backward(Tensor gradOutput);

    /**
     * {@link #backward} for when nobody needs dL/d(input): the first layer of a model, whose
     * input is the data. Parameter gradients are accumulated exactly as by {@code backward};
     * a layer may skip computing the input gradient (for Dense it is a product as large as the
     * forward pass). The default calls {@code backward} and drops the result.
     */
    default void backwardToParameters(Tensor gradOutput) {
        backward(gradOutput);
    }

    /** The layer's parameters in a fixed order; empty for a parameter-free layer. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * The output shape for an input of {@code inputShape}. The default runs {@link #forward} on
     * zeros; layers with a cheaper answer override it.
     */
    default int[] outputShape(int... inputShape) {
        return forward(Tensor.zeros(inputShape)).shape();
    }

    /**
     * A layer computing the same function with the same parameter values, but with caches and
     * gradients of its own: {@link RowBlocks} runs one replica per lane of row blocks, on
     * several threads at once, then adds the replicas' gradients into this layer's in a fixed
     * order. The replica's {@link #parameters()} are {@link Parameter#replica()}s of this
     * layer's, in the same order.
     *
     * <p>A replica may write its results into tensors it reuses ({@link Buffers}): the tensor
     * {@code forward} (or {@code forwardRows}) returns is then valid until the replica's next
     * forward pass, and the one {@code backward} returns until its next backward pass. That is
     * all a lane needs, as it reads each block's results before the next block, and so a
     * training step allocates no block-sized tensors. The layer itself keeps returning new
     * tensors.
     *
     * <p>The default is empty: the layer cannot be replicated, and batches then run through it
     * whole, on the calling thread (slower, never wrong). A layer whose only state is its
     * parameters and the caches of the last forward should return one.
     */
    default Optional<Layer> replica() {
        return Optional.empty();
    }

    /** Clears the gradients of all parameters. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }
}
