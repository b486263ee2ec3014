package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.Initializer;
import dev.backprop.core.Layer;
import dev.backprop.core.RandomState;

/** Dense of random width (1..10 outputs), with or without bias, weights U[-1, 1). */
class DenseContractTest implements LayerContract {

    @Override
    public Layer newLayer(int features, RandomState random) {
        int out = PropertyCheck.intBetween(random, 1, 10);
        return new Dense(features, out, PropertyCheck.bool(random), Initializer.uniform(-1, 1), random);
    }

    @Override
    public int[] expectedOutputShape(Layer layer, int batch, int features) {
        return new int[] {batch, ((Dense) layer).weight().value().dim(1)};
    }
}
