package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.Initializer;
import dev.backprop.core.Layer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;

/** A whole model is a layer too: the lesson's shape, Dense -> Sigmoid -> Dense (no bias) -> Sigmoid, of random widths. */
class SequentialContractTest implements LayerContract {

    @Override
    public Layer newLayer(int features, RandomState random) {
        int hidden = PropertyCheck.intBetween(random, 1, 10);
        int out = PropertyCheck.intBetween(random, 1, 3);
        Initializer init = Initializer.uniform(-1, 1);
        return new Sequential(new Dense(features, hidden, true, init, random), new Sigmoid(),
                new Dense(hidden, out, false, init, random), new Sigmoid());
    }

    @Override
    public int[] expectedOutputShape(Layer layer, int batch, int features) {
        Dense last = (Dense) ((Sequential) layer).layer(2);
        return new int[] {batch, last.weight().value().dim(1)};
    }
}
