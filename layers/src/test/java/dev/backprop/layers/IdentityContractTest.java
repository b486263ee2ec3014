package dev.backprop.layers;

import dev.backprop.core.Layer;
import dev.backprop.core.RandomState;

class IdentityContractTest implements LayerContract {

    @Override
    public Layer newLayer(int features, RandomState random) {
        return new Identity();
    }
}
