package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.Layer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;

/** LeakyReLU with a random alpha in [0, 0.5), at inputs away from the kink at 0. */
class LeakyReLUContractTest implements LayerContract {

    @Override
    public Layer newLayer(int features, RandomState random) {
        return new LeakyReLU(PropertyCheck.doubleBetween(random, 0, 0.5));
    }

    @Override
    public Tensor input(RandomState random, int batch, int features) {
        return PropertyCheck.awayFromZero(random, 0.05, 3, batch, features);
    }
}
