package dev.backprop.datasets;

import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Mini-batches of {@code (x, y)} rows for one epoch per {@link #iterator()}:
 * <ul>
 *   <li>{@link #shuffled}: without replacement. Each epoch draws {@code random.permutation(n)}
 *       and cuts it into consecutive batches of {@code batchSize}; the last, smaller batch is
 *       kept or dropped as asked. Every row is seen once per epoch.</li>
 *   <li>{@link #withReplacement}: the lesson's SGD sampling, each batch
 *       {@code idx = np.random.randint(0, n, batch_size)}, drawn when the batch is taken, for
 *       {@code int(n / batch_size)} batches per epoch (or as many as asked).</li>
 * </ul>
 * Both are deterministic for a given {@link RandomState}, and consume it exactly as the numpy
 * code does. Only the rows of the current batch are copied ({@link Tensor#gatherRows}); the full
 * data is never copied or reordered.
 *
 * <p>Usage: {@code for (Batch b : batches) { ... b.x() ... b.y() ... }} per epoch. Each call of
 * {@link #iterator()} starts a new epoch and draws from the {@code RandomState}.
 */
public final class MiniBatches implements Iterable<Batch> {

    private final Tensor x;
    private final Tensor y;
    private final int batchSize;
    private final boolean withReplacement;
    private final boolean dropLast;
    private final int batchesPerEpoch;
    private final RandomState random;

    private MiniBatches(Tensor x, Tensor y, int batchSize, boolean withReplacement, boolean dropLast,
            int batchesPerEpoch, RandomState random) {
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.withReplacement = withReplacement;
        this.dropLast = dropLast;
        this.batchesPerEpoch = batchesPerEpoch;
        this.random = random;
    }

    /**
     * Shuffled batches without replacement: {@code ceil(n / batchSize)} per epoch, or
     * {@code floor(n / batchSize)} when {@code dropLast} (the last partial batch left out).
     *
     * @throws IllegalArgumentException for a non-positive batch size, x and y with different row
     *         counts, or no batch at all
     */
    public static MiniBatches shuffled(Tensor x, Tensor y, int batchSize, boolean dropLast, RandomState random) {
        int n = checkRows(x, y, batchSize, random);
        int batches = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
        if (batches == 0) {
            throw new IllegalArgumentException("No batch: " + n + " rows, batch size " + batchSize
                    + (dropLast ? ", last partial batch dropped" : ""));
        }
        return new MiniBatches(x, y, batchSize, false, dropLast, batches, random);
    }

    /**
     * The lesson's sampling with replacement, {@code int(n / batchSize)} batches per epoch
     * ({@code number_batches = int(X_train.shape[0] / batch_size)}).
     */
    public static MiniBatches withReplacement(Tensor x, Tensor y, int batchSize, RandomState random) {
        int n = checkRows(x, y, batchSize, random);
        return withReplacement(x, y, batchSize, n / batchSize, random);
    }

    /** Sampling with replacement, {@code batchesPerEpoch} batches of {@code randint(0, n, batchSize)} each. */
    public static MiniBatches withReplacement(Tensor x, Tensor y, int batchSize, int batchesPerEpoch,
            RandomState random) {
        checkRows(x, y, batchSize, random);
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("Invalid batches per epoch: " + batchesPerEpoch + " (must be >= 1"
                    + "; int(n / batchSize) is 0 when the batch size " + batchSize + " exceeds the " + x.dim(0)
                    + " rows)");
        }
        return new MiniBatches(x, y, batchSize, true, false, batchesPerEpoch, random);
    }

    private static int checkRows(Tensor x, Tensor y, int batchSize, RandomState random) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(random, "random");
        if (batchSize < 1) {
            throw new IllegalArgumentException("Invalid batch size: " + batchSize + " (must be >= 1)");
        }
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("x and y must have the same number of rows, got "
                    + Arrays.toString(x.shape()) + " and " + Arrays.toString(y.shape()));
        }
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException("No rows to batch: x is " + Arrays.toString(x.shape()));
        }
        return x.dim(0);
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Starts an epoch: a permutation is drawn now (shuffled), or one draw per batch (with replacement). */
    @Override
    public Iterator<Batch> iterator() {
        int n = x.dim(0);
        int[] permutation = withReplacement ? null : random.permutation(n);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batchesPerEpoch;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch over after " + batchesPerEpoch + " batches");
                }
                int[] idx;
                if (withReplacement) {
                    idx = random.randint(0, n, batchSize);
                } else {
                    int from = next * batchSize;
                    idx = Arrays.copyOfRange(permutation, from, Math.min(n, from + batchSize));
                }
                next++;
                return new Batch(x.gatherRows(idx), y.gatherRows(idx), idx);
            }
        };
    }

    @Override
    public String toString() {
        return "MiniBatches(" + (withReplacement ? "with replacement" : "shuffled" + (dropLast ? ", drop last" : ", keep last"))
                + ", " + x.dim(0) + " rows, batch " + batchSize + ", " + batchesPerEpoch + " batches per epoch)";
    }
}
