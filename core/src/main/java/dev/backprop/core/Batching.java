package dev.backprop.core;

/**
 * How a {@link Trainer} cuts the training set into the batches of one epoch. Every random
 * choice comes from the {@link RandomState} given to the trainer, so a seed fixes the batches.
 */
public enum Batching {

    /**
     * One step per epoch on the whole training set: gradient descent, the loop of the lesson's
     * section 3. The epoch's train loss is the loss before its update.
     */
    FULL_BATCH,

    /**
     * Sampling without replacement: each epoch draws a fresh {@code random.permutation(n)} and
     * cuts it into consecutive batches, so every row is used exactly once per epoch;
     * {@code ceil(n / batchSize)} steps, the last batch smaller when {@code batchSize} does not
     * divide {@code n}.
     */
    SHUFFLED,

    /**
     * Sampling with replacement, the lesson's SGD exercise: {@code int(n / batchSize)} steps per
     * epoch, each on the rows {@code random.randint(0, n, batchSize)} (numpy's
     * {@code np.random.randint(0, X_train.shape[0], batch_size)}), so a row may appear twice in a
     * batch or not at all in an epoch.
     */
    WITH_REPLACEMENT;

    /** The number of steps in one epoch over {@code rows} rows. */
    public int stepsPerEpoch(int rows, int batchSize) {
        switch (this) {
            case FULL_BATCH:
                return 1;
            case SHUFFLED:
                // ceil without (rows + batchSize - 1), which overflows for a batch size near Integer.MAX_VALUE
                return rows / batchSize + (rows % batchSize != 0 ? 1 : 0);
            default:
                return rows / batchSize;
        }
    }
}
