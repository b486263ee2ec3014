package dev.backprop.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A large batch run through a model in blocks of rows, in parallel, with the same result as
 * running it whole. For a loss that is a mean over rows ({@link Loss#isMeanOverRows()}),
 * <pre>
 *   L     = sum_b (n_b / n) L_b
 *   dL/dW = sum_b dL_b/dW * (n_b / n)        (backward is linear in the output gradient)
 * </pre>
 * so each block of {@code n_b} rows goes forward, through the loss and backward on its own,
 * while its rows are still in the cache: the data is read from memory once per pass instead
 * of twice (the forward product and the weight gradient both read it), and no batch-sized
 * activations are ever allocated.
 *
 * <p>Blocks have {@code blockRows} rows (the last may have fewer). A batch of at most
 * {@code blockRows} rows, a mini-batch, is one block: it runs whole on the calling thread, and
 * its matrix products share themselves out on the {@link Parallelism} threads (cutting it into
 * halves, one per core, did each half's fixed costs twice and measured 10 % slower; again with
 * reused results, blocks of 32 rows won 11 of 30 alternated mini-batch epochs on 2 threads and
 * 5 of 30 on 1; halves of rows read in place, 112 against 101-104 ms per epoch). Blocks are
 * numbered in order and cut into at most {@value #LANES} lanes of consecutive blocks.
 * Each lane has a {@link Layer#replica()} of the model (same parameter values, its own
 * gradients and caches). Lanes run on the {@link Parallelism} threads; then their gradients are
 * added into the model's in lane order. Blocks and lanes depend only on the number of rows, so
 * results are bit-identical for any thread count. They differ from a whole-batch pass by
 * rounding only (sums are taken in another order).
 *
 * <p>A batch of one block, a model without replicas, or a loss that is not a mean over rows runs
 * whole on the calling thread, through the model itself. A mini-batch step thus allocates its
 * layers' results (46 KB for the lesson's 64 rows); reusing them measured no faster there (19
 * and 15 rounds of 30), unlike for the full batch. Not thread-safe: one caller at a time.
 */
public final class RowBlocks {

    /**
     * Rows per block: 128 rows of MNIST's 784 doubles (800 KB) stay in a core's L2 cache from
     * the forward product to the weight gradient; prototypes fell off at 512.
     */
    public static final int DEFAULT_BLOCK_ROWS = 128;

    /** Lanes at most; enough to keep 16 threads busy, few enough that their gradients are cheap. */
    static final int LANES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(RowBlocks.class);

    private final Layer model;
    private final int blockRows;
    private final List<Lane> lanes = new ArrayList<>();   // one replica of the model each
    private boolean replicable = true;   // false once the model has turned out to have no replica

    /** Blocks of {@link #DEFAULT_BLOCK_ROWS} rows. */
    public RowBlocks(Layer model) {
        this(model, DEFAULT_BLOCK_ROWS);
    }

    public RowBlocks(Layer model, int blockRows) {
        if (model == null) {
            throw new IllegalArgumentException("RowBlocks needs a model, got null");
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("Invalid block rows: " + blockRows + " (must be >= 1)");
        }
        this.model = model;
        this.blockRows = blockRows;
    }

    public Layer model() {
        return model;
    }

    public int blockRows() {
        return blockRows;
    }

    /**
     * Forward, loss and {@link Layer#backwardToParameters} of the batch {@code (x, y)}: the
     * parameter gradients of the batch's loss are <em>added</em> into the model's
     * {@link Parameter#grad()}s, as one backward pass would.
     *
     * @return the loss of the batch, before any update
     */
    public double lossAndGradients(Tensor x, Tensor y, Loss loss) {
        requireRows(x, y);
        int n = x.dim(0);
        if (!loss.isMeanOverRows() || !ensureLanes(n)) {
            return whole(model.forward(x), y, loss);
        }
        int laneCount = laneCount(n);
        double[] weighted = new double[laneCount];   // per lane: sum of n_b L_b
        Parallelism.forChunks(laneCount, 1, true, (from, to) -> {
            for (int l = from; l < to; l++) {
                weighted[l] = lanes.get(l).lossAndGradients(x, y, loss, n, firstBlock(l, n), firstBlock(l + 1, n));
            }
            return 0;
        });
        double sum = 0;
        for (double w : weighted) {
            sum += w;
        }
        List<Parameter> parameters = model.parameters();
        for (int l = 0; l < laneCount; l++) {
            List<Parameter> copies = lanes.get(l).parameters;
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).grad().addInPlace(copies.get(i).grad());
            }
        }
        return sum / n;
    }

    /**
     * {@link #lossAndGradients(Tensor, Tensor, Loss)} of a {@link Batch}. A batch of one block
     * whose inputs are still rows of the full data ({@link MiniBatches} copies them only when
     * {@link Batch#x()} asks) goes straight from there: {@link Layer#forwardRows(Tensor, int[])},
     * so its rows are never copied, and the products fetch them while they compute (a 64-row
     * MNIST step's two products: 136 against 125 us on 2 threads, 225 against 200 us on 1). The
     * result has the same bits either way.
     */
    public double lossAndGradients(Batch batch, Loss loss) {
        if (batch == null || loss == null) {
            throw new IllegalArgumentException("RowBlocks.lossAndGradients needs a batch and a loss, got " + batch
                    + " and " + loss);
        }
        Tensor source = batch.uncopiedSource();
        if (source == null || batch.size() > blockRows) {
            return lossAndGradients(batch.x(), batch.y(), loss);
        }
        return whole(model.forwardRows(source, batch.indices()), batch.y(), loss);
    }

    /** The loss of the model's {@code prediction} for the whole batch, and its backward pass into the model. */
    private double whole(Tensor prediction, Tensor y, Loss loss) {
        double value = loss.value(prediction, y);
        model.backwardToParameters(loss.gradient(prediction, y));
        return value;
    }

    /** The model's output for {@code x}, computed block by block (the same rows as {@code model.forward(x)}). */
    public Tensor forward(Tensor x) {
        if (x == null || x.rank() == 0) {
            throw new IllegalArgumentException("RowBlocks.forward needs a batch, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        int n = x.dim(0);
        if (!ensureLanes(n)) {
            return model.forward(x);
        }
        Tensor out = Tensor.zeros(model.outputShape(x.shape()));   // also checks the input's shape
        int laneCount = laneCount(n);
        Parallelism.forChunks(laneCount, 1, true, (from, to) -> {
            for (int l = from; l < to; l++) {
                lanes.get(l).forward(x, out, firstBlock(l, n), firstBlock(l + 1, n));
            }
            return 0;
        });
        return out;
    }

    /** Rows per block for a batch of {@code n} rows (see the class comment). */
    private int rowsPerBlock(int n) {
        return Math.min(n, blockRows);
    }

    private int blocks(int n) {
        int rows = rowsPerBlock(n);
        return (n + rows - 1) / rows;
    }

    private int laneCount(int n) {
        return Math.min(blocks(n), LANES);
    }

    /** The first block of lane {@code l}: lanes get consecutive, near-equal runs of blocks. */
    private int firstBlock(int l, int n) {
        return (int) ((long) l * blocks(n) / laneCount(n));
    }

    /** Whether {@code n} rows go in blocks; creates the lanes' replicas on first use. */
    private boolean ensureLanes(int n) {
        if (blocks(n) < 2 || !replicable) {
            return false;
        }
        int needed = laneCount(n);
        while (lanes.size() < needed) {
            Optional<Layer> replica = model.replica();
            if (replica.isEmpty()) {
                LOG.debug("{} has no replica: batches run whole on the calling thread", model);
                replicable = false;
                lanes.clear();
                return false;
            }
            lanes.add(new Lane(replica.get(), model));
        }
        return true;
    }

    /** Rows {@code [from, from + rows)} of {@code source}, copied into a tensor from {@code buffers}. */
    private static Tensor rowsOf(Tensor source, int from, int rows, Buffers buffers) {
        int[] shape = source.shape();
        shape[0] = rows;
        return source.sliceRows(from, from + rows, buffers.get(shape));
    }

    private static void requireRows(Tensor x, Tensor y) {
        if (x == null || y == null || x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("RowBlocks needs inputs and targets with the same rows, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())) + " and "
                    + (y == null ? "null" : Arrays.toString(y.shape())));
        }
    }

    @Override
    public String toString() {
        return "RowBlocks(" + blockRows + " rows, " + model + ")";
    }

    /**
     * A replica of the model, with a reused tensor for a block's targets; runs a run of
     * consecutive blocks. The replica reads each block's inputs with {@link Layer#forwardRows}:
     * in place when its first layer can (a {@code Dense} layer does), so that the block is read
     * from memory once, by the forward product, and is still in the cache for the weight
     * gradient; otherwise the layer copies them. It may reuse its results from block to block
     * ({@link Layer#replica()}); those of {@code Dense} and the activations do, so a pass over
     * the blocks allocates no tensor of a block's size (see {@link Buffers} for what that saved).
     */
    private final class Lane {
        final Layer layer;
        final List<Parameter> parameters;
        private final Buffers targets = new Buffers();   // a block's rows of the targets

        Lane(Layer replica, Layer model) {
            List<Parameter> copies = replica.parameters();
            List<Parameter> originals = model.parameters();
            if (copies.size() != originals.size()) {
                throw new IllegalStateException("Replica of " + model + " has " + copies.size()
                        + " parameters, the model " + originals.size());
            }
            for (int i = 0; i < copies.size(); i++) {
                if (copies.get(i).value() != originals.get(i).value() || copies.get(i).grad() == originals.get(i).grad()) {
                    throw new IllegalStateException("Replica of " + model + ": parameter " + i + " ("
                            + originals.get(i).name() + ") must share the value and have its own gradient");
                }
            }
            this.layer = replica;
            this.parameters = copies;
        }

        /** Blocks {@code [from, to)}: gradients into the lane's; returns the sum of n_b L_b. */
        double lossAndGradients(Tensor x, Tensor y, Loss loss, int n, int from, int to) {
            layer.zeroGrad();
            int blockRows = rowsPerBlock(n);
            double sum = 0;
            for (int b = from; b < to; b++) {
                int r0 = b * blockRows;
                int rows = Math.min(blockRows, n - r0);
                Tensor yb = rowsOf(y, r0, rows, targets);
                Tensor prediction = layer.forwardRows(x, r0, r0 + rows);
                sum += loss.value(prediction, yb) * rows;
                Tensor gradient = loss.gradient(prediction, yb);
                layer.backwardToParameters(gradient.mulInPlace((double) rows / n));
            }
            return sum;
        }

        /** Blocks {@code [from, to)} of the forward pass, copied into their rows of {@code out}. */
        void forward(Tensor x, Tensor out, int from, int to) {
            int n = x.dim(0);
            int width = out.size() / n;
            int blockRows = rowsPerBlock(n);
            for (int b = from; b < to; b++) {
                int r0 = b * blockRows;
                int rows = Math.min(blockRows, n - r0);
                Tensor yb = layer.forwardRows(x, r0, r0 + rows);
                if (yb.size() != rows * width) {
                    throw new IllegalStateException(model + " gave " + Arrays.toString(yb.shape()) + " for a block of "
                            + rows + " rows, expected " + width + " values per row");
                }
                System.arraycopy(yb.data(), 0, out.data(), r0 * width, rows * width);
            }
        }
    }
}
