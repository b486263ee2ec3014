package dev.backprop.optimizers;

import dev.backprop.core.Initializer;
import dev.backprop.core.Layer;
import dev.backprop.core.Parameter;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import java.util.List;

/** Temporary stand-in for dev.backprop.layers.Dense (same API) until the layers module is on main. */
final class Dense implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private Tensor input;

    Dense(int in, int out, boolean bias, Initializer init, RandomState random) {
        weight = new Parameter("weight", Tensor.zeros(in, out));
        this.bias = bias ? new Parameter("bias", Tensor.zeros(out)) : null;
        init.initialize(weight.value(), random);
        if (bias) {
            init.initialize(this.bias.value(), random);
        }
    }

    Parameter weight() {
        return weight;
    }

    Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        Tensor y = x.matmul(weight.value());
        return bias == null ? y : y.addRowVectorInPlace(bias.value());
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        weight.grad().addInPlace(input.transposeMatmul(gradOutput));
        if (bias != null) {
            bias.grad().addInPlace(gradOutput.sum(0));
        }
        return gradOutput.matmulTranspose(weight.value());
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }
}
