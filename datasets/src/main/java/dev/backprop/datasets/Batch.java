package dev.backprop.datasets;

import dev.backprop.core.Tensor;
import java.util.Arrays;

/**
 * One mini-batch: the inputs and targets of the rows at {@code indices}, gathered into new
 * tensors of {@code indices.length} rows.
 *
 * @param x       inputs, {@code [batch, ...]}
 * @param y       targets, {@code [batch, ...]}
 * @param indices the row numbers in the full data, in batch order (owned by this batch)
 */
public record Batch(Tensor x, Tensor y, int[] indices) {

    /** Number of rows. */
    public int size() {
        return indices.length;
    }

    @Override
    public String toString() {
        return "Batch(" + indices.length + " rows, x " + Arrays.toString(x.shape()) + ", y "
                + Arrays.toString(y.shape()) + ")";
    }
}
