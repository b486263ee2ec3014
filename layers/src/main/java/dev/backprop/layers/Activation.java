package dev.backprop.layers;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

import java.util.Arrays;
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

    /** {@code f(x)}. */
    protected abstract double apply(double x);

    /** {@code f'(x)} written in terms of {@code y = f(x)}. */
    protected abstract double derivativeFromOutput(double y);

    /**
     * {@code f} of every value of {@code input}, as a new tensor of its shape. An activation that
     * has a faster whole-tensor form overrides this (a sigmoid's runs on the Vector API); the
     * values must stay those of {@link #apply}.
     */
    protected Tensor applyAll(Tensor input) {
        double[] x = input.data();
        Tensor out = Tensor.zeros(input.shape());
        double[] y = out.data();
        for (int i = 0; i < y.length; i++) {
            y[i] = apply(x[i]);
        }
        return out;
    }

    @Override
    public final Tensor forward(Tensor input) {
        Tensor out = applyAll(input);
        if (out == input || !Arrays.equals(out.shape(), input.shape())) {
            throw new IllegalStateException(this + ".applyAll must return a new tensor of shape "
                    + Arrays.toString(input.shape()) + ", got " + (out == input ? "its input"
                    : Arrays.toString(out.shape())));
        }
        output = out;
        return out;
    }

    @Override
    public final Tensor backward(Tensor gradOutput) {
        LayerChecks.requireForward(output, this);
        LayerChecks.requireGradientShape(gradOutput, output.shape(), this);
        double[] y = output.data();
        double[] g = gradOutput.data();
        Tensor gradInput = Tensor.zeros(output.shape());
        double[] dx = gradInput.data();
        for (int i = 0; i < dx.length; i++) {
            dx[i] = g[i] * derivativeFromOutput(y[i]);
        }
        return gradInput;
    }

    /**
     * An activation with the same {@code f} and {@code d} (this one's, so any settings such as
     * a slope come along) and an output cache of its own.
     */
    @Override
    public final Optional<Layer> replica() {
        Activation original = this;
        return Optional.of(new Activation() {
            @Override
            protected double apply(double x) {
                return original.apply(x);
            }

            @Override
            protected Tensor applyAll(Tensor input) {
                return original.applyAll(input);
            }

            @Override
            protected double derivativeFromOutput(double y) {
                return original.derivativeFromOutput(y);
            }

            @Override
            public String toString() {
                return original.toString();
            }
        });
    }

    @Override
    public final int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }
}
