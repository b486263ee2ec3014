package dev.backprop.examples.cli;

import dev.backprop.core.Batch;
import dev.backprop.core.Batching;
import dev.backprop.core.History;
import dev.backprop.core.Layer;
import dev.backprop.core.Loss;
import dev.backprop.core.MiniBatches;
import dev.backprop.core.Optimizer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import dev.backprop.core.Trainer;
import dev.backprop.core.TrainingListener;
import dev.backprop.core.TrainingPlan;
import dev.backprop.examples.io.Checkpoint;
import dev.backprop.examples.io.CheckpointException;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run of a command: the {@link Trainer} with a progress display, and with
 * {@code --load} / {@code --save} the checkpoint around it.
 *
 * <p>Resuming is bit-identical to an uninterrupted run: the command rebuilds the model and
 * optimizer exactly as for a fresh run (so the initialisation consumes the same random
 * numbers), the checkpoint then overwrites weights and optimizer state, and the batch
 * generator is advanced past the epochs already done by drawing those epochs' batches again.
 */
final class Training {

    /** What a run produced: the losses of every epoch since the start (checkpointed ones included). */
    record Result(double[] trainLoss, double[] validationLoss, int epochs, double seconds) {

        double lastTrain() {
            return trainLoss[trainLoss.length - 1];
        }

        double lastValidation() {
            return validationLoss[validationLoss.length - 1];
        }
    }

    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private String task = "training";
    private int epochs;
    private Batching batching = Batching.FULL_BATCH;
    private int batchSize;
    private String batchText = "full";
    private RandomState random;
    private boolean progressBar;
    private CheckpointOptions checkpoint;
    private final Map<String, String> settings = new LinkedHashMap<>();

    Training(Layer model, Loss loss, Optimizer optimizer) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    Training task(String name) {
        this.task = name;
        return this;
    }

    /**
     * Prints what is about to be trained, the first lines of a run's output; call it after
     * {@link #options}.
     */
    Training announce(Run run, int trainRows, int validationRows) {
        long parameters = model.parameters().stream().mapToLong(p -> p.size()).sum();
        run.println("Network: " + model + ", " + parameters + " parameters");
        run.println("Training: " + optimizer + ", " + loss + ", batch "
                + batchText + ", "
                + epochs + " epochs on " + trainRows + " images, validating on " + validationRows);
        return this;
    }

    /** Epochs, batch size and display from the command's options. */
    Training options(TrainingOptions options, Batching miniBatching, RandomState random) {
        this.epochs = options.epochs;
        this.progressBar = options.progressBar();
        this.batchText = options.batchSizeText();
        if (options.batchSize == TrainingOptions.FULL_BATCH) {
            this.batching = Batching.FULL_BATCH;
            this.batchSize = 0;
            this.random = null;
        } else {
            this.batching = miniBatching;
            this.batchSize = options.batchSize;
            this.random = random;
        }
        return this;
    }

    Training checkpoint(CheckpointOptions options) {
        this.checkpoint = options;
        return this;
    }

    /**
     * A setting that must be the same when a checkpoint is resumed (data, seed, batching...);
     * saved in the checkpoint and compared on load.
     */
    Training setting(String key, Object value) {
        settings.put(key, String.valueOf(value));
        return this;
    }

    /** Trains on {@code (x, y)}, validating on {@code (xVal, yVal)} after every epoch. */
    Result fit(Run run, Tensor x, Tensor y, Tensor xVal, Tensor yVal) throws IOException {
        settings.put("batching", batching + (batching == Batching.FULL_BATCH ? "" : "(" + batchSize + ")"));
        double[] train = new double[0];
        double[] validation = new double[0];
        int done = 0;
        if (checkpoint != null && checkpoint.load != null) {
            Checkpoint c = Checkpoint.read(checkpoint.load);
            checkSettings(c);
            c.restore(model, optimizer);
            done = c.epoch();
            train = c.trainLoss();
            validation = c.validationLoss();
            fastForward(x, y, done);
            run.println(String.format("Loaded %s: %s, %d epochs done%s.", checkpoint.load, c.model(), done,
                    done >= epochs ? " (--epochs " + epochs + " reached: evaluating only)" : ", continuing to " + epochs));
        }
        long start = System.nanoTime();
        int remaining = epochs - done;
        if (remaining > 0) {
            Trainer.Builder builder = Trainer.builder(model, loss, optimizer).epochs(remaining)
                    .batching(batching, batchSize, random);
            EpochProgress progress = EpochProgress.create(task, done, epochs, progressBar);
            builder.listener(listener(progress, done));
            History history;
            try (progress) {
                history = builder.build().fit(x, y, xVal, yVal);
            }
            train = concat(train, history.trainLosses());
            validation = concat(validation, xVal == null ? nans(history.epochs()) : history.validationLosses());
            done += history.epochs();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (checkpoint != null && checkpoint.save != null) {
            try {
                Checkpoint.of(model, optimizer, done, train, validation, settings).save(checkpoint.save);
                run.println("Saved checkpoint " + checkpoint.save + " (epoch " + done + ").");
            } catch (IOException e) {
                // The trained model is still evaluated and its outputs written; the run fails at the end.
                run.failAtEnd("could not save the checkpoint " + checkpoint.save + ": " + BackpropCommand.describe(e));
            }
        }
        return new Result(train, validation, done, seconds);
    }

    /** Rejects a checkpoint made with other data or batching: continuing it would not be the same run. */
    private void checkSettings(Checkpoint c) throws CheckpointException {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String saved = c.settings().get(e.getKey());
            if (saved != null && !saved.equals(e.getValue())) {
                throw new CheckpointException(checkpoint.load + ": saved with " + e.getKey() + " " + saved
                        + ", this run uses " + e.getValue());
            }
        }
    }

    /**
     * Draws from the batch generator what {@code epochs} epochs of the Trainer would have drawn,
     * by taking those epochs' batches from the same {@link MiniBatches} the Trainer uses.
     */
    private void fastForward(Tensor x, Tensor y, int epochs) {
        if (random == null) {
            return;
        }
        MiniBatches batches = MiniBatches.of(x, y, batching, batchSize, random);
        for (int e = 0; e < epochs; e++) {
            for (Iterator<Batch> it = batches.iterator(); it.hasNext(); ) {
                it.next();
            }
        }
    }

    private TrainingListener listener(EpochProgress progress, int offset) {
        return new TrainingListener() {
            @Override
            public void onTrainingStart(TrainingPlan plan) {
            }

            @Override
            public void onEpochEnd(int epoch, History history) {
                progress.epoch(offset + epoch, history.trainLoss(epoch),
                        history.hasValidation() ? history.validationLoss(epoch) : Double.NaN);
            }
        };
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
