package dev.backprop.core;

import java.util.Arrays;

/**
 * Draws the batches of each epoch for a {@link Trainer} according to its {@link Batching},
 * copying the chosen rows into batch tensors allocated once (no allocation per step).
 */
final class MiniBatches {

    private final Tensor x;
    private final Tensor y;
    private final Batching batching;
    private final int batchSize;
    private final RandomState random;
    private final int rows;
    private final int[] order;
    private final int[] sample;
    private final Tensor xBatch;
    private final Tensor yBatch;
    private final Tensor xLast;
    private final Tensor yLast;
    private Tensor inputs;
    private Tensor targets;

    MiniBatches(Tensor x, Tensor y, Batching batching, int batchSize, RandomState random) {
        this.x = x;
        this.y = y;
        this.batching = batching;
        this.rows = x.dim(0);
        this.batchSize = batching == Batching.FULL_BATCH ? rows : batchSize;
        this.random = random;
        this.order = batching == Batching.SHUFFLED ? new int[rows] : null;
        this.sample = batching == Batching.WITH_REPLACEMENT ? new int[batchSize] : null;
        if (batching == Batching.FULL_BATCH) {
            xBatch = x;
            yBatch = y;
            xLast = x;
            yLast = y;
        } else {
            xBatch = Tensor.zeros(withRows(x, this.batchSize));
            yBatch = Tensor.zeros(withRows(y, this.batchSize));
            int remainder = rows % this.batchSize;
            boolean smallerLast = batching == Batching.SHUFFLED && remainder != 0;
            xLast = smallerLast ? Tensor.zeros(withRows(x, remainder)) : xBatch;
            yLast = smallerLast ? Tensor.zeros(withRows(y, remainder)) : yBatch;
        }
        inputs = xBatch;
        targets = yBatch;
    }

    int stepsPerEpoch() {
        return batching.stepsPerEpoch(rows, batchSize);
    }

    int batchSize() {
        return batchSize;
    }

    /** Called before each epoch's first batch: draws the epoch's permutation when shuffling. */
    void startEpoch() {
        if (batching == Batching.SHUFFLED) {
            int[] p = random.permutation(rows);
            System.arraycopy(p, 0, order, 0, rows);
        }
    }

    /** Fills the batch of step {@code step} (from 0) of the current epoch. */
    void select(int step) {
        switch (batching) {
            case FULL_BATCH:
                return;
            case SHUFFLED: {
                int from = step * batchSize;
                int count = Math.min(batchSize, rows - from);
                inputs = count == batchSize ? xBatch : xLast;
                targets = count == batchSize ? yBatch : yLast;
                gather(x, order, from, count, inputs);
                gather(y, order, from, count, targets);
                return;
            }
            default:
                // the lesson's np.random.randint(0, n, batch_size): one draw per row, in order
                for (int i = 0; i < sample.length; i++) {
                    sample[i] = (int) random.randint(0, rows);
                }
                gather(x, sample, 0, sample.length, xBatch);
                gather(y, sample, 0, sample.length, yBatch);
        }
    }

    /** The inputs of the batch last selected. */
    Tensor inputs() {
        return inputs;
    }

    /** The targets of the batch last selected. */
    Tensor targets() {
        return targets;
    }

    /** Copies rows {@code indices[from .. from + count)} of {@code source} into {@code target}. */
    private static void gather(Tensor source, int[] indices, int from, int count, Tensor target) {
        int stride = source.size() / source.dim(0);
        double[] s = source.data();
        double[] t = target.data();
        for (int i = 0; i < count; i++) {
            System.arraycopy(s, indices[from + i] * stride, t, i * stride, stride);
        }
    }

    private static int[] withRows(Tensor t, int rows) {
        int[] shape = t.shape();
        shape[0] = rows;
        return shape;
    }

    @Override
    public String toString() {
        return batching + (batching == Batching.FULL_BATCH ? "" : "(" + batchSize + ")") + " over "
                + Arrays.toString(x.shape());
    }
}
