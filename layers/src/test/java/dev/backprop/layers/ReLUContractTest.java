package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.Layer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;

/** ReLU, checked at inputs with |x| in [0.05, 3): a finite difference across the kink at 0 is meaningless. */
class ReLUContractTest implements LayerContract {

    @Override
    public Layer newLayer(int features, RandomState random) {
        return new ReLU();
    }

    @Override
    public Tensor input(RandomState random, int batch, int features) {
        return PropertyCheck.awayFromZero(random, 0.05, 3, batch, features);
    }
}
