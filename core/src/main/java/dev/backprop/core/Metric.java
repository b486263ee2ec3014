package dev.backprop.core;

/**
 * A number computed from predictions and targets, recorded by the {@link Trainer} in the
 * {@link History} after every epoch (on the validation set). Any loss is one:
 * {@code new BinaryCrossEntropy()::value}.
 */
@FunctionalInterface
public interface Metric {

    double compute(Tensor prediction, Tensor target);
}
