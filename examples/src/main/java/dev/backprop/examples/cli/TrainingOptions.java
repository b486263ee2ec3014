package dev.backprop.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How long and how training runs: epochs, batch size, seed, progress display. */
final class TrainingOptions {

    /** Batch size meaning "the whole training set in one batch" (the lesson's gradient descent). */
    static final int FULL_BATCH = 0;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int epochs;
    int batchSize;
    long seed;

    @Option(names = "--quiet",
            description = "No progress bar: log a line every few epochs instead (also the case when the "
                    + "output is not a terminal).")
    boolean quiet;

    @Option(names = "--log-y", description = "Logarithmic y axis on the loss curves.")
    boolean logY;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    void setEpochs(int epochs) {
        this.epochs = Validation.atLeast(spec, "--epochs", epochs, 1);
    }

    @Option(names = "--batch-size", paramLabel = "N|full",
            description = "Samples per gradient step; 'full' for the whole training set. optimizers draws each batch "
                    + "with replacement, as the lesson does (n / N batches per epoch); the other commands shuffle the "
                    + "training set every epoch and cut it into batches, the last one smaller when N does not divide "
                    + "it (default: ${DEFAULT-VALUE}).")
    void setBatchSize(String value) {
        if (value.equalsIgnoreCase("full")) {
            batchSize = FULL_BATCH;
            return;
        }
        try {
            batchSize = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw Validation.invalid(spec, "--batch-size", "'" + value + "'", "expected a positive integer or 'full'");
        }
        Validation.atLeast(spec, "--batch-size", batchSize, 1);
    }

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the RandomState that initialises the weights and draws the mini-batches "
                    + "(default: ${DEFAULT-VALUE}).")
    void setSeed(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw Validation.invalid(spec, "--seed", seed, "must be in [0, 4294967295]");
        }
        this.seed = seed;
    }

    /** Rejects a batch size larger than the training set, which is known only once the data is loaded. */
    void checkBatchSize(int trainingRows) {
        if (batchSize > trainingRows) {
            throw Validation.invalid(spec, "--batch-size", batchSize,
                    "must be at most the number of training rows, " + trainingRows);
        }
    }

    /** Whether to show a progress bar rather than log lines. */
    boolean progressBar() {
        return !quiet && EpochProgress.terminal();
    }

    String batchSizeText() {
        return batchSize == FULL_BATCH ? "full" : Integer.toString(batchSize);
    }
}
