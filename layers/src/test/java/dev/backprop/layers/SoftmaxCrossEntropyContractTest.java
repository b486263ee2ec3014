package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.Loss;
import dev.backprop.core.RandomState;
import dev.backprop.core.SoftmaxCrossEntropy;
import dev.backprop.core.Tensor;

/**
 * Logits N(0, 2^2); targets in each accepted form: class indices {@code [n]} or {@code [n, 1]},
 * one-hot rows, or probability rows. (With a single class a {@code [n, 1]} target means
 * indices, so one-hot and probability rows are drawn only for two classes or more.)
 */
class SoftmaxCrossEntropyContractTest implements LossContract {

    @Override
    public Loss loss() {
        return new SoftmaxCrossEntropy();
    }

    @Override
    public Case newCase(RandomState random, int batch, int width) {
        Tensor logits = random.normal(0, 2, batch, width);
        int[] classes = random.randint(0, width, batch);
        int form = width == 1 ? PropertyCheck.intBetween(random, 0, 1) : PropertyCheck.intBetween(random, 0, 3);
        Tensor target;
        switch (form) {
            case 0 -> target = indices(classes);
            case 1 -> target = indices(classes).reshape(batch, 1);
            case 2 -> {
                target = Tensor.zeros(batch, width);
                for (int i = 0; i < batch; i++) {
                    target.set(1, i, classes[i]);
                }
            }
            default -> {
                target = random.rand(batch, width).addInPlace(1e-3);
                Tensor sums = target.sum(1);
                for (int i = 0; i < batch; i++) {
                    for (int k = 0; k < width; k++) {
                        target.set(target.get(i, k) / sums.get(i), i, k);
                    }
                }
            }
        }
        return new Case(logits, target);
    }

    private static Tensor indices(int[] classes) {
        Tensor t = Tensor.zeros(classes.length);
        for (int i = 0; i < classes.length; i++) {
            t.set(classes[i], i);
        }
        return t;
    }

    /** More rows of class indices than there are logits. */
    @Override
    public Tensor mismatchedTarget(Tensor prediction) {
        return Tensor.zeros(prediction.dim(0) + 1);
    }
}
