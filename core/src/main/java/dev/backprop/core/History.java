package dev.backprop.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The record of one {@link Trainer#fit} run: per epoch the train loss (the mean of that epoch's
 * step losses, each computed before its update), the validation loss (computed after the
 * epoch's updates) and any extra metrics (on the validation set); and the loss of every step.
 * Epochs are numbered from 1 in the methods that take or return an epoch; arrays are indexed
 * from 0 (epoch {@code e} at index {@code e - 1}). Every accessor returns a copy.
 */
public final class History {

    private final boolean validation;
    private final List<String> metricNames;
    private final Series train = new Series();
    private final Series validationLoss = new Series();
    private final Series steps = new Series();
    private final Map<String, Series> metrics = new LinkedHashMap<>();
    private boolean stoppedEarly;

    History(boolean validation, List<String> metricNames) {
        this.validation = validation;
        this.metricNames = List.copyOf(metricNames);
        for (String name : metricNames) {
            metrics.put(name, new Series());
        }
    }

    void recordStep(double loss) {
        steps.add(loss);
    }

    /** Records one epoch; {@code validationLoss} is ignored without a validation set. */
    void recordEpoch(double trainLoss, double validationLoss, double[] metricValues) {
        train.add(trainLoss);
        if (validation) {
            this.validationLoss.add(validationLoss);
        }
        for (int i = 0; i < metricNames.size(); i++) {
            metrics.get(metricNames.get(i)).add(metricValues[i]);
        }
    }

    void markStoppedEarly() {
        stoppedEarly = true;
    }

    /** Completed epochs. */
    public int epochs() {
        return train.size;
    }

    /** Optimizer steps taken. */
    public int steps() {
        return steps.size;
    }

    public boolean hasValidation() {
        return validation;
    }

    /** The train loss of each epoch: the mean of its step losses (full batch: the loss before its update). */
    public double[] trainLosses() {
        return train.toArray();
    }

    /** The validation loss after each epoch; empty without a validation set. */
    public double[] validationLosses() {
        return validationLoss.toArray();
    }

    /** The loss of every step, in order, each computed on its batch before its update. */
    public double[] stepLosses() {
        return steps.toArray();
    }

    /** The train loss of epoch {@code epoch} (from 1). */
    public double trainLoss(int epoch) {
        return at(train, epoch, "train loss");
    }

    /** The validation loss after epoch {@code epoch} (from 1). */
    public double validationLoss(int epoch) {
        requireValidation();
        return at(validationLoss, epoch, "validation loss");
    }

    /** The names of the recorded metrics, in the order they were added to the trainer. */
    public List<String> metricNames() {
        return metricNames;
    }

    /** The values of metric {@code name} after each epoch. */
    public double[] metric(String name) {
        return series(name).toArray();
    }

    public double lastTrainLoss() {
        return last(train, "train loss");
    }

    public double lastValidationLoss() {
        requireValidation();
        return last(validationLoss, "validation loss");
    }

    public double lastMetric(String name) {
        return last(series(name), "metric '" + name + "'");
    }

    /** The lowest validation loss so far. */
    public double bestValidationLoss() {
        requireValidation();
        return validationLoss.get(bestValidationEpoch() - 1);
    }

    /** The epoch (from 1) of the lowest validation loss; the first one on ties. */
    public int bestValidationEpoch() {
        requireValidation();
        if (validationLoss.size == 0) {
            throw new IllegalStateException("No epoch recorded yet");
        }
        int best = 0;
        for (int i = 1; i < validationLoss.size; i++) {
            if (validationLoss.get(i) < validationLoss.get(best)) {
                best = i;
            }
        }
        return best + 1;
    }

    /** Whether a listener (e.g. {@link EarlyStopping}) ended training before the last epoch. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("History(epochs=").append(epochs()).append(", steps=").append(steps());
        if (epochs() > 0) {
            s.append(String.format(Locale.ROOT, ", train loss %.5g", lastTrainLoss()));
            if (validation) {
                s.append(String.format(Locale.ROOT, ", validation loss %.5g", lastValidationLoss()));
            }
            for (String name : metricNames) {
                s.append(String.format(Locale.ROOT, ", %s %.5g", name, lastMetric(name)));
            }
        }
        if (stoppedEarly) {
            s.append(", stopped early");
        }
        return s.append(')').toString();
    }

    private Series series(String name) {
        Series s = metrics.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Unknown metric '" + name + "' (recorded: " + metricNames + ")");
        }
        return s;
    }

    private void requireValidation() {
        if (!validation) {
            throw new IllegalStateException("No validation loss: training ran without a validation set");
        }
    }

    private static double at(Series s, int epoch, String what) {
        if (epoch < 1 || epoch > s.size) {
            throw new IndexOutOfBoundsException("No " + what + " for epoch " + epoch + " (recorded epochs: 1.." + s.size + ")");
        }
        return s.get(epoch - 1);
    }

    private static double last(Series s, String what) {
        if (s.size == 0) {
            throw new IllegalStateException("No " + what + " recorded yet");
        }
        return s.get(s.size - 1);
    }

    /** A growable array of doubles (no boxing: one value per step adds up). */
    private static final class Series {
        private double[] values = new double[16];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = v;
        }

        double get(int i) {
            return values[i];
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
