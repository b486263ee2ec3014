package dev.backprop.examples;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

import java.util.Arrays;

/**
 * A layer of your own: softplus, a smooth ReLU, written only against the exported API of
 * {@code dev.backprop.core}, to show that extending backprop needs nothing else.
 * <pre>
 *   forward:   y = log(1 + e^x)         computed as max(x, 0) + log1p(e^-|x|), so e^x never overflows
 *   backward:  dL/dx = dL/dy * sigma(x)  (the derivative of softplus is the sigmoid)
 * </pre>
 * The recipe: cache in {@code forward} what {@code backward} needs (here the input), return a
 * new tensor from each pass without modifying the argument, and verify the result with
 * {@link dev.backprop.core.GradientCheck#check(Layer, Tensor)}.
 */
public final class Softplus implements Layer {

    private Tensor input;   // the last forward's input, read by backward

    @Override
    public Tensor forward(Tensor input) {
        this.input = input;
        return input.map(Softplus::softplus);
    }

    /** log(1 + e^x) without overflow for large x or loss of precision for very negative x. */
    static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) {
            throw new IllegalStateException(this + ": backward called before forward");
        }
        if (!input.sameShape(gradOutput)) {
            throw new IllegalArgumentException(this + " backward got gradient " + Arrays.toString(gradOutput.shape())
                    + ", expected " + Arrays.toString(input.shape()));
        }
        return input.zip(gradOutput, (x, g) -> g * Tensor.sigmoid(x));
    }

    @Override
    public int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "Softplus()";
    }
}
