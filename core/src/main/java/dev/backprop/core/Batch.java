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
 * <p>The inputs are copied out of the full data when {@link #x()} is first called for the
 * batch, not before: {@link RowBlocks#lossAndGradients(Batch, Loss)} reads a mini-batch's rows
 * where they lie instead ({@link Layer#forwardRows(Tensor, int[])}), and a 64-row MNIST batch is
 * 400 KB that training then never copies.
 */
public final class Batch {

    private final Tensor source;   // where the rows are picked from; null when x was given filled
    private final Tensor x;
    private final Tensor y;
    private final int[] indices;
    private boolean stale;         // x does not hold the rows of indices yet

    /**
     * A batch of inputs {@code x} and targets {@code y} already copied out, the rows
     * {@code indices} of the full data.
     *
     * @param x       inputs, {@code [batch, ...]}
     * @param y       targets, {@code [batch, ...]}
     * @param indices the row numbers in the full data, in batch order
     * @throws IllegalArgumentException when one is null or their row counts differ
     */
    public Batch(Tensor x, Tensor y, int[] indices) {
        this(null, x, y, indices);
    }

    /**
     * A batch whose inputs are rows {@code indices} of {@code source}, copied into {@code x} on
     * demand; {@code x == source} for the whole data, which is never copied.
     */
    Batch(Tensor source, Tensor x, Tensor y, int[] indices) {
        if (x == null || y == null || indices == null) {
            throw new IllegalArgumentException("A batch needs inputs, targets and indices, got " + shape(x) + ", "
                    + shape(y) + " and " + (indices == null ? "null" : indices.length + " indices"));
        }
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != indices.length || y.dim(0) != indices.length) {
            throw new IllegalArgumentException("A batch of " + indices.length + " indices needs as many rows of"
                    + " inputs and targets, got " + shape(x) + " and " + shape(y));
        }
        this.source = source == x ? null : source;
        this.x = x;
        this.y = y;
        this.indices = indices;
    }

    /** The inputs {@code [batch, ...]}: the rows {@code indices()} of the full data, copied on the first call. */
    public Tensor x() {
        if (stale) {
            source.gatherRows(indices, x);
            stale = false;
        }
        return x;
    }

    /** The targets {@code [batch, ...]}. */
    public Tensor y() {
        return y;
    }

    /** The row numbers in the full data, in batch order. */
    public int[] indices() {
        return indices;
    }

    /** Number of rows. */
    public int size() {
        return indices.length;
    }

    /**
     * The full inputs whose rows {@code indices()} this batch holds, while they are not copied
     * into {@link #x()} yet; otherwise {@code null}.
     */
    Tensor uncopiedSource() {
        return stale ? source : null;
    }

    /** Called when {@link MiniBatches} has drawn new {@code indices} (and filled {@code y}): the inputs are stale. */
    void refilled() {
        stale = source != null;
    }

    private static String shape(Tensor t) {
        return t == null ? "null" : Arrays.toString(t.shape());
    }

    @Override
    public String toString() {
        return "Batch(" + indices.length + " rows, x " + shape(x) + ", y " + shape(y) + ")";
    }
}
