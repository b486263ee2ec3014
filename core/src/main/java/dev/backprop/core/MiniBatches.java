package dev.backprop.core;

import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The batches of {@code (x, y)} rows for one epoch per {@link #iterator()}, as a {@link Trainer}
 * draws them for its {@link Batching}:
 * <ul>
 *   <li>{@link #fullBatch}: one batch of all the rows, the data itself.</li>
 *   <li>{@link #shuffled}: without replacement. Each epoch draws {@code random.permutation(n)}
 *       and cuts it into consecutive batches of {@code batchSize}; the last, smaller batch is
 *       kept ({@code ceil(n / batchSize)} batches) or dropped ({@code floor(n / batchSize)}).
 *       Every row is seen at most once per epoch, and exactly once when the last is kept.</li>
 *   <li>{@link #withReplacement}: the lesson's SGD sampling, each batch
 *       {@code idx = np.random.randint(0, n, batch_size)}, drawn when the batch is taken, for
 *       {@code int(n / batch_size)} batches per epoch (or as many as asked).</li>
 * </ul>
 * Both random kinds are deterministic for a given {@link RandomState} and consume it exactly as
 * the numpy code does; nothing is drawn before {@link #iterator()} (shuffled) or
 * {@link Iterator#next()} (with replacement).
 *
 * <p>No allocation per batch: the chosen rows are copied into batch tensors allocated once (the
 * inputs when {@link Batch#x()} asks for them), so <b>a {@link Batch}'s tensors and indices are
 * overwritten by the next batch</b>; copy them to keep them. For the same reason one epoch is
 * taken at a time: starting an epoch (a new {@code iterator()}) ends the previous one, whose
 * iterator then throws {@link ConcurrentModificationException}. The full data is never copied
 * or reordered.
 *
 * <pre>{@code
 * MiniBatches batches = MiniBatches.shuffled(x, y, 64, false, new RandomState(0));
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     for (Batch b : batches) {
 *         ... model.forward(b.x()) ... b.y() ...
 *     }
 * }
 * }</pre>
 */
public final class MiniBatches implements Iterable<Batch> {

    private final Tensor x;
    private final Tensor y;
    private final Batching batching;
    private final int batchSize;
    private final boolean dropLast;
    private final int batchesPerEpoch;
    private final RandomState random;
    /** The epoch's permutation ({@link Batching#SHUFFLED}), drawn in place. */
    private final int[] order;
    /** The buffers of a batch of {@code batchSize} rows. */
    private final Batch full;
    /** The buffers of the smaller last shuffled batch; {@code full} when there is none. */
    private final Batch last;
    /** The number of epochs started: an iterator of an earlier epoch is stale. */
    private int epochs;

    private MiniBatches(Tensor x, Tensor y, Batching batching, int batchSize, boolean dropLast, int batchesPerEpoch,
                        RandomState random) {
        this.x = x;
        this.y = y;
        this.batching = batching;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.batchesPerEpoch = batchesPerEpoch;
        this.random = random;
        int n = x.dim(0);
        if (batching == Batching.FULL_BATCH) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            this.full = new Batch(x, y, all);
            this.last = full;
            this.order = null;
        } else {
            // a batch without replacement holds at most n rows, whatever batchSize asks for
            int fullRows = batching == Batching.SHUFFLED ? Math.min(batchSize, n) : batchSize;
            this.full = buffers(fullRows);
            int remainder = n % fullRows;
            boolean smallerLast = batching == Batching.SHUFFLED && !dropLast && remainder != 0;
            this.last = smallerLast ? buffers(remainder) : full;
            this.order = batching == Batching.SHUFFLED ? new int[n] : null;
        }
    }

    /** One batch of all the rows, {@code x} and {@code y} themselves, per epoch. */
    public static MiniBatches fullBatch(Tensor x, Tensor y) {
        int n = checkData(x, y);
        return new MiniBatches(x, y, Batching.FULL_BATCH, n, false, 1, null);
    }

    /**
     * Shuffled batches without replacement: {@code ceil(n / batchSize)} per epoch, or
     * {@code floor(n / batchSize)} when {@code dropLast} (the last partial batch left out).
     *
     * @throws IllegalArgumentException for a non-positive batch size, x and y with different row
     *         counts, no rows, no {@code RandomState}, or no batch at all
     */
    public static MiniBatches shuffled(Tensor x, Tensor y, int batchSize, boolean dropLast, RandomState random) {
        int n = checkSampling(Batching.SHUFFLED, x, y, batchSize, random);
        int batches = dropLast ? n / batchSize : Batching.SHUFFLED.stepsPerEpoch(n, batchSize);
        if (batches == 0) {
            throw new IllegalArgumentException("No batch: " + n + " rows, batch size " + batchSize
                    + ", last partial batch dropped");
        }
        return new MiniBatches(x, y, Batching.SHUFFLED, batchSize, dropLast, batches, random);
    }

    /**
     * The lesson's sampling with replacement, {@code int(n / batchSize)} batches per epoch
     * ({@code number_batches = int(X_train.shape[0] / batch_size)}).
     *
     * @throws IllegalArgumentException as {@link #withReplacement(Tensor, Tensor, int, int, RandomState)},
     *         in particular when {@code batchSize > n} (no batch)
     */
    public static MiniBatches withReplacement(Tensor x, Tensor y, int batchSize, RandomState random) {
        int n = checkSampling(Batching.WITH_REPLACEMENT, x, y, batchSize, random);
        return withReplacement(x, y, batchSize, Batching.WITH_REPLACEMENT.stepsPerEpoch(n, batchSize), random);
    }

    /**
     * Sampling with replacement, {@code batchesPerEpoch} batches of {@code randint(0, n, batchSize)} each.
     *
     * @throws IllegalArgumentException for a non-positive batch size or number of batches, x and
     *         y with different row counts, no rows or no {@code RandomState}
     */
    public static MiniBatches withReplacement(Tensor x, Tensor y, int batchSize, int batchesPerEpoch,
                                              RandomState random) {
        checkSampling(Batching.WITH_REPLACEMENT, x, y, batchSize, random);
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("Invalid batches per epoch: " + batchesPerEpoch + " (must be >= 1"
                    + "; int(n / batchSize) is 0 when the batch size " + batchSize + " exceeds the " + x.dim(0)
                    + " rows)");
        }
        return new MiniBatches(x, y, Batching.WITH_REPLACEMENT, batchSize, false, batchesPerEpoch, random);
    }

    /**
     * The batches a {@link Trainer} configured with {@code batching} draws:
     * {@link #fullBatch} (then {@code batchSize} must be 0 and {@code random} {@code null}),
     * {@link #shuffled} keeping the last batch, or the lesson's {@link #withReplacement}.
     */
    public static MiniBatches of(Tensor x, Tensor y, Batching batching, int batchSize, RandomState random) {
        if (batching == null) {
            throw new IllegalArgumentException("Batching is null (expected FULL_BATCH, SHUFFLED or WITH_REPLACEMENT)");
        }
        switch (batching) {
            case FULL_BATCH:
                if (batchSize != 0 || random != null) {
                    throw new IllegalArgumentException("FULL_BATCH uses the whole training set: got batch size "
                            + batchSize + " and " + random + " (expected 0 and null)");
                }
                return fullBatch(x, y);
            case SHUFFLED:
                return shuffled(x, y, batchSize, false, random);
            default:
                return withReplacement(x, y, batchSize, random);
        }
    }

    private static int checkSampling(Batching batching, Tensor x, Tensor y, int batchSize, RandomState random) {
        int n = checkData(x, y);
        if (batchSize < 1) {
            throw new IllegalArgumentException("Invalid batch size: " + batchSize + " (must be >= 1)");
        }
        if (random == null) {
            throw new IllegalArgumentException(batching + " batches need a RandomState (got null)");
        }
        return n;
    }

    private static int checkData(Tensor x, Tensor y) {
        if (x == null || y == null || x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("x and y must have the same number of rows, got " + shape(x)
                    + " and " + shape(y));
        }
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException("No rows to batch: x is " + shape(x));
        }
        return x.dim(0);
    }

    private static String shape(Tensor t) {
        return t == null ? "null" : Arrays.toString(t.shape());
    }

    public Batching batching() {
        return batching;
    }

    /** Rows per batch (all the rows for a full batch); the last shuffled batch may be smaller. */
    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /**
     * Starts an epoch, ending the previous one: a shuffled epoch draws its permutation now; with
     * replacement, each batch is drawn by {@link Iterator#next()}.
     */
    @Override
    public Iterator<Batch> iterator() {
        int epoch = ++epochs;
        if (batching == Batching.SHUFFLED) {
            // np.random.permutation(n) is arange(n) shuffled: the same draws, into the reused buffer
            Arrays.setAll(order, i -> i);
            random.shuffle(order);
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batchesPerEpoch;
            }

            @Override
            public Batch next() {
                if (epoch != epochs) {
                    throw new ConcurrentModificationException("Batch " + (next + 1) + " of epoch " + epoch
                            + " asked after epoch " + epochs + " started: batches share their buffers, take one"
                            + " epoch at a time");
                }
                if (!hasNext()) {
                    throw new NoSuchElementException("Epoch over after " + batchesPerEpoch + " batches");
                }
                return fill(next++);
            }
        };
    }

    /** Copies the rows of batch {@code k} (from 0) of the current epoch into its buffers. */
    private Batch fill(int k) {
        switch (batching) {
            case FULL_BATCH:
                return full;
            case SHUFFLED: {
                int from = k * batchSize;
                Batch batch = batchSize <= x.dim(0) - from ? full : last;   // from + batchSize may overflow
                System.arraycopy(order, from, batch.indices(), 0, batch.size());
                return gather(batch);
            }
            default: {
                // the lesson's np.random.randint(0, n, batch_size): one draw per row, in order
                int[] indices = full.indices();
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = (int) random.randint(0, x.dim(0));
                }
                return gather(full);
            }
        }
    }

    /** Copies the targets of the batch's new indices; its inputs are copied when asked for ({@link Batch#x()}). */
    private Batch gather(Batch batch) {
        y.gatherRows(batch.indices(), batch.y());
        batch.refilled();
        return batch;
    }

    private Batch buffers(int rows) {
        return new Batch(x, Tensor.zeros(withRows(x, rows)), Tensor.zeros(withRows(y, rows)), new int[rows]);
    }

    private static int[] withRows(Tensor t, int rows) {
        int[] shape = t.shape();
        shape[0] = rows;
        return shape;
    }

    @Override
    public String toString() {
        String kind = batching == Batching.FULL_BATCH ? "full batch"
                : batching == Batching.SHUFFLED ? "shuffled" + (dropLast ? ", drop last" : ", keep last")
                : "with replacement";
        return "MiniBatches(" + kind + ", " + x.dim(0) + " rows, batch " + batchSize + ", " + batchesPerEpoch
                + (batchesPerEpoch == 1 ? " batch" : " batches") + " per epoch)";
    }
}
