package dev.backprop.core;

/**
 * A scalar measure of how far predictions are from targets, and its gradient with respect to
 * the predictions. {@code gradient} returns dL/d(prediction) of the same shape as the
 * prediction, already divided by the batch size, so that a model's backward pass yields the
 * gradient of the mean loss.
 */
public interface Loss {

    double value(Tensor prediction, Tensor target);

    Tensor gradient(Tensor prediction, Tensor target);
}
