package dev.backprop.layers;

import dev.backprop.core.Buffers;
import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

import java.nio.DoubleBuffer;
import java.util.Optional;

/**
 * An element-wise activation {@code y = f(x)} whose derivative can be read off its output,
 * {@code f'(x) = d(y)}; the passes are then the same for all of them:
 * <pre>
 *   forward:   y_i = f(x_i)                 (y is cached)
 *   backward:  dL/dx_i = dL/dy_i * d(y_i)
 * </pre>
 * Computing the derivative from the output is what the lesson does with
 * {@code h_hat * (1 - h_hat)}: no exponential is evaluated twice. A new activation of this
 * kind names {@code f} and {@code d}, nothing else; one whose derivative needs the input
 * implements {@link Layer} directly.
 */
public abstract class Activation implements Layer {

    private Tensor output;   // the last forward's output, read by backward
    private Buffers outputs = Buffers.none();   // a replica reuses its results, the layer does not
    private Buffers inputGradients = Buffers.none();

    /** {@code f(x)}. */
    protected abstract double apply(double x);

    /** {@code f'(x)} written in terms of {@code y = f(x)}. */
    protected abstract double derivativeFromOutput(double y);

    /**
     * {@code f} of every value of {@code input}, written into {@code output}, a tensor of its
     * shape (never {@code input} itself). An activation that has a faster whole-tensor form
     * overrides this (a sigmoid's runs on the Vector API); the values must stay those of
     * {@link #apply}.
     */
    protected void applyAll(Tensor input, Tensor output) {
        DoubleBuffer x = input.buffer();   // the input may be read-only (data, say)
        double[] y = output.data();
        for (int i = 0; i < y.length; i++) {
            y[i] = apply(x.get(i));
        }
    }

    @Override
    public final Tensor forward(Tensor input) {
        Layer.requireInput(this, "forward", input);
        Tensor out = outputs.get(input.shape());
        applyAll(input, out);
        output = out;
        return out;
    }

    @Override
    public final Tensor backward(Tensor gradOutput) {
        LayerChecks.requireForward(output, this);
        LayerChecks.requireGradientShape(gradOutput, output.shape(), this);
        double[] y = output.data();
        DoubleBuffer g = gradOutput.buffer();   // only read: a read-only gradient too
        Tensor gradInput = inputGradients.get(output.shape());
        double[] dx = gradInput.data();
        for (int i = 0; i < dx.length; i++) {
            dx[i] = g.get(i) * derivativeFromOutput(y[i]);
        }
        return gradInput;
    }

    /**
     * An activation with the same {@code f} and {@code d} (this one's, so any settings such as
     * a slope come along), an output cache of its own, and result tensors it reuses.
     */
    @Override
    public final Optional<Layer> replica() {
        Activation original = this;
        Activation copy = new Activation() {
            @Override
            protected double apply(double x) {
                return original.apply(x);
            }

            @Override
            protected void applyAll(Tensor input, Tensor output) {
                original.applyAll(input, output);
            }

            @Override
            protected double derivativeFromOutput(double y) {
                return original.derivativeFromOutput(y);
            }

            @Override
            public String toString() {
                return original.toString();
            }
        };
        copy.outputs = new Buffers();
        copy.inputGradients = new Buffers();
        return Optional.of(copy);
    }

    @Override
    public final int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }
}
