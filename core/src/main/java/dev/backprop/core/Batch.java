package dev.backprop.core;

import java.util.Arrays;

/**
 * One batch of a {@link MiniBatches} epoch: the inputs and targets of the rows at
 * {@code indices} of the full data, in batch order.
 *
 * <p>The batches of a {@code MiniBatches} are buffers it fills again for every batch, so that
 * training allocates nothing per step: {@code x}, {@code y} and {@code indices} are overwritten
 * by the next batch (and the next epoch). Copy what you keep ({@code x().copy()},
 * {@code indices().clone()}). A full batch holds the data tensors themselves.
 *
 * @param x       inputs, {@code [batch, ...]}
 * @param y       targets, {@code [batch, ...]}
 * @param indices the row numbers in the full data, in batch order
 */
public record Batch(Tensor x, Tensor y, int[] indices) {

    /** Checks that {@code x}, {@code y} and {@code indices} all have the same number of rows. */
    public Batch {
        if (x == null || y == null || indices == null) {
            throw new IllegalArgumentException("A batch needs inputs, targets and indices, got " + shape(x) + ", "
                    + shape(y) + " and " + (indices == null ? "null" : indices.length + " indices"));
        }
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != indices.length || y.dim(0) != indices.length) {
            throw new IllegalArgumentException("A batch of " + indices.length + " indices needs as many rows of"
                    + " inputs and targets, got " + shape(x) + " and " + shape(y));
        }
    }

    /** Number of rows. */
    public int size() {
        return indices.length;
    }

    private static String shape(Tensor t) {
        return t == null ? "null" : Arrays.toString(t.shape());
    }

    @Override
    public String toString() {
        return "Batch(" + indices.length + " rows, x " + shape(x) + ", y " + shape(y) + ")";
    }
}
