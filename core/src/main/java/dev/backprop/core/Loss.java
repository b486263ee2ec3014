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

    /**
     * Whether the loss of a batch is the mean over its rows of a per-row loss, so that for any
     * split of the batch into row blocks b of n_b rows
     * <pre>
     *   L(batch) = sum_b (n_b / n) L(block b)        dL/dyhat (rows of b) = (n_b / n) dL_b/dyhat
     * </pre>
     * This lets {@link RowBlocks} compute a full batch's loss and gradients block by block.
     * The default is {@code false} (always safe: the batch is then computed whole).
     */
    default boolean isMeanOverRows() {
        return false;
    }
}
