package dev.backprop.optimizers;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

/** Temporary stand-in for dev.backprop.layers.Sigmoid until the layers module is on main. */
final class Sigmoid implements Layer {
    private Tensor output;

    @Override
    public Tensor forward(Tensor x) {
        output = x.sigmoid();
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return gradOutput.zip(output, (g, s) -> g * s * (1 - s));
    }
}
