package dev.backprop.layers;

import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.Loss;
import dev.backprop.core.RandomState;

class HalfMeanSquaredErrorContractTest implements LossContract {

    @Override
    public Loss loss() {
        return new HalfMeanSquaredError();
    }

    @Override
    public Case newCase(RandomState random, int batch, int width) {
        return new Case(random.uniform(-3, 3, batch, width), random.uniform(-3, 3, batch, width));
    }
}
