package dev.backprop.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: epochs over a training set {@code (x, y)}, optionally evaluated on a
 * validation set after every epoch. Works with any {@link Layer}, {@link Loss} and
 * {@link Optimizer}; rows are the first dimension of {@code x} and {@code y}.
 *
 * <p>One step, on a batch {@code (xb, yb)}:
 * <pre>
 *   optimizer.zeroGrad()
 *   yHat = model.forward(xb)
 *   loss = loss.value(yHat, yb)              (recorded: the step's loss, before its update)
 *   model.backwardToParameters(loss.gradient(yHat, yb))   (backward without the unused dL/dx)
 *   optimizer.step()
 * </pre>
 * The forward and backward passes run in {@link RowBlocks}: a batch larger than
 * {@link Builder#blockRows(int)} rows block by block, in parallel, gradients summed in a fixed
 * order; a smaller one whole, its matrix products shared out among the threads.
 * One epoch: the steps of the {@link Batching} (one full-batch step, or {@link MiniBatches} drawn
 * from the {@link RandomState}); then its train loss is the mean of its step losses and, with
 * a validation set, the validation loss (and metrics) are computed on the parameters after the
 * epoch's updates. This is exactly the lesson's loop, which appends {@code loss_train} before
 * the update and {@code loss_val} after it: in full batch the epoch's train loss is the loss of
 * the parameters the epoch started with.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new HalfMeanSquaredError(), new SGD(model.parameters(), 50))
 *         .epochs(500)
 *         .fullBatch()
 *         .listener(TrainingListener.logEvery(50))
 *         .build();
 * History history = trainer.fit(xTrain, yTrain, xVal, yVal);
 * double test = trainer.evaluate(xTest, yTest);
 * }</pre>
 * NaN or infinite losses, gradients or parameters stop training with a
 * {@link TrainingDivergedException} (see {@link DivergenceDetector}).
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final Batching batching;
    private final int batchSize;
    private final RandomState random;
    private final List<TrainingListener> listeners;
    private final Map<String, Metric> metrics;
    private final DivergenceDetector divergence;
    private final RowBlocks blocks;

    private Trainer(Builder b) {
        this.model = b.model;
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batching = b.batching;
        this.batchSize = b.batchSize;
        this.random = b.random;
        this.listeners = List.copyOf(b.listeners);
        this.metrics = new LinkedHashMap<>(b.metrics);
        this.divergence = b.divergence;
        this.blocks = new RowBlocks(b.model, b.blockRows);
    }

    /** Starts a configuration; {@link Builder#build()} checks it. */
    public static Builder builder(Layer model, Loss loss, Optimizer optimizer) {
        return new Builder(model, loss, optimizer);
    }

    /** Trains on {@code (x, y)} without a validation set. */
    public History fit(Tensor x, Tensor y) {
        return fit(x, y, null, null);
    }

    /**
     * Trains on {@code (x, y)} for the configured epochs (fewer if a listener stops it),
     * evaluating on {@code (xVal, yVal)} after every epoch when they are not {@code null}.
     * The model's parameters are updated in place; the optimizer keeps its state, so a second
     * call continues training.
     *
     * @return the losses of this call
     * @throws IllegalArgumentException   for inconsistent or non-finite data, named in the message
     * @throws TrainingDivergedException  when a loss, gradient or parameter becomes NaN or infinite
     */
    public History fit(Tensor x, Tensor y, Tensor xVal, Tensor yVal) {
        checkData("Training", x, y);
        boolean validation = xVal != null || yVal != null;
        if (validation) {
            checkData("Validation", xVal, yVal);
            requireSameFeatures("inputs", x, xVal);
            requireSameFeatures("targets", y, yVal);
        } else if (!metrics.isEmpty()) {
            throw new IllegalArgumentException("Metrics " + metrics.keySet()
                    + " are computed on the validation set: call fit(x, y, xVal, yVal)");
        }
        int rows = x.dim(0);
        if (batching != Batching.FULL_BATCH && batchSize > rows) {
            throw new IllegalArgumentException("Batch size " + batchSize + " is larger than the training set ("
                    + rows + " rows)");
        }
        MiniBatches batches = MiniBatches.of(x, y, batching, batchSize, random);
        int stepsPerEpoch = batches.batchesPerEpoch();
        TrainingPlan plan = new TrainingPlan(epochs, stepsPerEpoch, rows, batches.batchSize(), batching, validation);
        History history = new History(validation, List.copyOf(metrics.keySet()));
        List<Parameter> trained = optimizer.parameters();

        int started = 0;   // the listeners told onTrainingStart, and so owed onTrainingEnd
        try {
            for (TrainingListener listener : listeners) {
                listener.onTrainingStart(plan);
                started++;
            }
            LOG.info("Training for {} epochs of {} step(s) on {} rows ({}), {}, {}", epochs, stepsPerEpoch, rows,
                    batching, optimizer, loss);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                Iterator<Batch> epochBatches = batches.iterator();
                double sum = 0;
                for (int step = 1; step <= stepsPerEpoch; step++) {
                    Batch batch = epochBatches.next();
                    double stepLoss = step(batch, trained, epoch, step, stepsPerEpoch, history);
                    sum += stepLoss;
                    for (TrainingListener listener : listeners) {
                        listener.onStepEnd(epoch, step, stepLoss);
                    }
                }
                double[] metricValues = new double[metrics.size()];
                double validationLoss = Double.NaN;
                if (validation) {
                    Tensor prediction = blocks.forward(xVal);
                    validationLoss = loss.value(prediction, yVal);
                    int i = 0;
                    for (Metric metric : metrics.values()) {
                        metricValues[i++] = metric.compute(prediction, yVal);
                    }
                }
                history.recordEpoch(sum / stepsPerEpoch, validationLoss, metricValues);
                divergence.checkEpoch(epoch, optimizer.learningRate(), history);
                LOG.debug("epoch {}/{}: {}", epoch, epochs, history);
                for (TrainingListener listener : listeners) {
                    listener.onEpochEnd(epoch, history);
                }
                TrainingListener stopper = stopRequestedBy();
                if (stopper != null && epoch < epochs) {
                    history.markStoppedEarly();
                    LOG.info("Stopped after epoch {} of {} by {}", epoch, epochs, stopper);
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            endTraining(started, history, e);
            throw e;
        }
        endTraining(started, history, null);
        LOG.info("Finished: {}", history);
        return history;
    }

    /**
     * Calls {@code onTrainingEnd} on the first {@code started} listeners, every one of them even
     * when some throw: their exceptions are added to {@code failure}, the one training threw, or
     * without one the first is thrown, carrying the others.
     */
    private void endTraining(int started, History history, Throwable failure) {
        RuntimeException first = null;
        for (int i = 0; i < started; i++) {
            try {
                listeners.get(i).onTrainingEnd(history);
            } catch (RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One optimizer step on a batch; returns the batch's loss before the update. */
    private double step(Batch batch, List<Parameter> trained, int epoch, int step, int stepsPerEpoch,
                        History history) {
        optimizer.zeroGrad();
        double value = blocks.lossAndGradients(batch, loss);
        history.recordStep(value);
        double lr = optimizer.learningRate();
        divergence.checkLoss(value, epoch, step, stepsPerEpoch, lr, history);
        divergence.checkGradients(trained, epoch, step, stepsPerEpoch, lr, history);
        optimizer.step();
        divergence.checkParameters(trained, epoch, step, stepsPerEpoch, lr, history);
        return value;
    }

    private TrainingListener stopRequestedBy() {
        for (TrainingListener listener : listeners) {
            if (listener.stopRequested()) {
                return listener;
            }
        }
        return null;
    }

    /** The loss of the trainer's model on {@code (x, y)}, e.g. a test set. */
    public double evaluate(Tensor x, Tensor y) {
        return evaluate(model, loss, x, y);
    }

    /** The loss of {@code model} on {@code (x, y)}: one forward pass over all rows, in {@link RowBlocks}. */
    public static double evaluate(Layer model, Loss loss, Tensor x, Tensor y) {
        if (model == null || loss == null) {
            throw new IllegalArgumentException("evaluate needs a model and a loss, got " + model + " and " + loss);
        }
        checkData("Evaluation", x, y);
        return loss.value(new RowBlocks(model).forward(x), y);
    }

    public Layer model() {
        return model;
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public int epochs() {
        return epochs;
    }

    public Batching batching() {
        return batching;
    }

    /** Rows per mini-batch; 0 for {@link Batching#FULL_BATCH}. */
    public int batchSize() {
        return batchSize;
    }

    /** Rows per block when a batch is computed in {@link RowBlocks}. */
    public int blockRows() {
        return blocks.blockRows();
    }

    public List<TrainingListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "Trainer(epochs=" + epochs + ", " + batching + (batching == Batching.FULL_BATCH ? "" : "(" + batchSize + ")")
                + ", " + optimizer + ", " + loss + (metrics.isEmpty() ? "" : ", metrics " + metrics.keySet())
                + ", " + divergence + ")";
    }

    // ---------------------------------------------------------------- data checks

    private static void checkData(String what, Tensor x, Tensor y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException(what + " set needs inputs and targets, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())) + " and "
                    + (y == null ? "null" : Arrays.toString(y.shape())));
        }
        if (x.rank() == 0 || y.rank() == 0) {
            throw new IllegalArgumentException(what + " inputs and targets need a batch dimension, got shapes "
                    + Arrays.toString(x.shape()) + " and " + Arrays.toString(y.shape()));
        }
        if (x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException(what + " inputs have " + x.dim(0) + " rows but targets have " + y.dim(0)
                    + " (shapes " + Arrays.toString(x.shape()) + " and " + Arrays.toString(y.shape()) + ")");
        }
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException(what + " set is empty (inputs " + Arrays.toString(x.shape()) + ")");
        }
        requireFinite(what + " inputs", x);
        requireFinite(what + " targets", y);
    }

    private static void requireFinite(String what, Tensor t) {
        double[] d = t.values();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw new IllegalArgumentException(what + " hold " + d[i] + " at index " + i + " (row "
                        + i / (d.length / t.dim(0)) + ")");
            }
        }
    }

    private static void requireSameFeatures(String what, Tensor train, Tensor validation) {
        int[] a = train.shape();
        int[] b = validation.shape();
        if (!Arrays.equals(a, 1, a.length, b, 1, b.length)) {
            throw new IllegalArgumentException("Validation " + what + " " + Arrays.toString(b) + " do not match training "
                    + what + " " + Arrays.toString(a) + " beyond the batch dimension");
        }
    }

    // ---------------------------------------------------------------- builder

    /**
     * Configuration of a {@link Trainer}. Required: the model, loss and optimizer (given to
     * {@link Trainer#builder}) and the number of epochs. Default: full batch, no listeners, no
     * metrics, {@link DivergenceDetector#nonFinite()}. {@link #build()} checks everything and
     * names the offending value.
     */
    public static final class Builder {

        private final Layer model;
        private final Loss loss;
        private final Optimizer optimizer;
        private int epochs;
        private Batching batching = Batching.FULL_BATCH;
        private int batchSize;
        private RandomState random;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final Map<String, Metric> metrics = new LinkedHashMap<>();
        private final List<String> metricErrors = new ArrayList<>();
        private DivergenceDetector divergence = DivergenceDetector.nonFinite();
        private int blockRows = RowBlocks.DEFAULT_BLOCK_ROWS;

        private Builder(Layer model, Loss loss, Optimizer optimizer) {
            this.model = model;
            this.loss = loss;
            this.optimizer = optimizer;
        }

        /** The number of epochs, {@code >= 1} (required). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** One step per epoch on the whole training set (the default). */
        public Builder fullBatch() {
            return batching(Batching.FULL_BATCH, 0, null);
        }

        /** Mini-batches without replacement: a fresh permutation per epoch ({@link Batching#SHUFFLED}). */
        public Builder shuffledBatches(int batchSize, RandomState random) {
            return batching(Batching.SHUFFLED, batchSize, random);
        }

        /** Mini-batches drawn with replacement, the lesson's way ({@link Batching#WITH_REPLACEMENT}). */
        public Builder sampledBatches(int batchSize, RandomState random) {
            return batching(Batching.WITH_REPLACEMENT, batchSize, random);
        }

        /**
         * Any {@link Batching}; {@code batchSize} and {@code random} are required for the
         * mini-batch kinds and must be 0 and {@code null} for {@link Batching#FULL_BATCH}.
         */
        public Builder batching(Batching batching, int batchSize, RandomState random) {
            this.batching = batching;
            this.batchSize = batchSize;
            this.random = random;
            return this;
        }

        /** Adds a listener; listeners are called in the order added. */
        public Builder listener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Records {@code metric} on the validation set after every epoch, under {@code name}. */
        public Builder metric(String name, Metric metric) {
            if (name == null || name.isBlank()) {
                metricErrors.add("Invalid metric name: '" + name + "' (must not be blank)");
            } else if (metrics.containsKey(name)) {
                metricErrors.add("Duplicate metric name: '" + name + "'");
            } else if (metric == null) {
                metricErrors.add("Metric '" + name + "' is null");
            } else {
                metrics.put(name, metric);
            }
            return this;
        }

        /**
         * Rows per block when a batch larger than this is computed block by block, in parallel
         * ({@link RowBlocks}; default {@value RowBlocks#DEFAULT_BLOCK_ROWS}). Results depend on
         * it by rounding only; speed does (a block should fit in a core's L2 cache).
         */
        public Builder blockRows(int rows) {
            this.blockRows = rows;
            return this;
        }

        /** Replaces the default {@link DivergenceDetector#nonFinite()}. */
        public Builder divergenceDetector(DivergenceDetector detector) {
            this.divergence = detector;
            return this;
        }

        /** Checks the configuration and builds the trainer. */
        public Trainer build() {
            if (model == null || loss == null || optimizer == null) {
                throw new IllegalArgumentException("Trainer needs a model, a loss and an optimizer, got "
                        + model + ", " + loss + " and " + optimizer);
            }
            requireSharedParameters(model, optimizer);
            if (epochs < 1) {
                throw new IllegalArgumentException("Invalid epochs: " + epochs + " (must be >= 1)");
            }
            if (blockRows < 1) {
                throw new IllegalArgumentException("Invalid block rows: " + blockRows + " (must be >= 1)");
            }
            if (batching == null) {
                throw new IllegalArgumentException("Batching is null (use fullBatch(), shuffledBatches(...) or "
                        + "sampledBatches(...))");
            }
            if (batching == Batching.FULL_BATCH) {
                if (batchSize != 0 || random != null) {
                    throw new IllegalArgumentException("FULL_BATCH uses the whole training set: got batch size "
                            + batchSize + " and " + random + " (expected 0 and null)");
                }
            } else {
                if (batchSize < 1) {
                    throw new IllegalArgumentException("Invalid batch size: " + batchSize + " (must be >= 1)");
                }
                if (random == null) {
                    throw new IllegalArgumentException(batching + " batches need a RandomState (got null)");
                }
            }
            for (int i = 0; i < listeners.size(); i++) {
                if (listeners.get(i) == null) {
                    throw new IllegalArgumentException("Listener " + i + " is null");
                }
            }
            if (!metricErrors.isEmpty()) {
                throw new IllegalArgumentException(metricErrors.get(0));
            }
            if (divergence == null) {
                throw new IllegalArgumentException("Divergence detector is null (the default is DivergenceDetector.nonFinite())");
            }
            return new Trainer(this);
        }

        /**
         * Catches an optimizer built over another model's parameters (say, before the model was
         * rebuilt), which would train nothing.
         */
        private static void requireSharedParameters(Layer model, Optimizer optimizer) {
            Set<Parameter> modelParameters = Collections.newSetFromMap(new IdentityHashMap<>());
            modelParameters.addAll(model.parameters());
            for (Parameter p : optimizer.parameters()) {
                if (modelParameters.contains(p)) {
                    return;
                }
            }
            throw new IllegalArgumentException("None of the optimizer's parameters " + optimizer.parameters()
                    + " belongs to the model: build the optimizer from model.parameters()");
        }
    }
}
