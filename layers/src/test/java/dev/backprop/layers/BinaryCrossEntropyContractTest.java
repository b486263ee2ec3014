package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.BinaryCrossEntropy;
import dev.backprop.core.Loss;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;

/** Probabilities in [0.02, 0.98) (inside the clamp); targets either hard 0/1 labels or soft ones in [0, 1). */
class BinaryCrossEntropyContractTest implements LossContract {

    @Override
    public Loss loss() {
        return new BinaryCrossEntropy();
    }

    @Override
    public Case newCase(RandomState random, int batch, int width) {
        Tensor p = random.uniform(0.02, 0.98, batch, width);
        Tensor y = PropertyCheck.bool(random)
                ? Tensor.zeros(batch, width).mapInPlace(v -> random.randint(0, 2))
                : random.rand(batch, width);
        return new Case(p, y);
    }
}
