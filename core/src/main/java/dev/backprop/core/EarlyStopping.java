package dev.backprop.core;

/**
 * Stops training when the validation loss has not improved for {@code patience} epochs in a
 * row. An epoch improves when its validation loss is below the best so far by more than
 * {@code minDelta}. Needs a validation set ({@link Trainer#fit(Tensor, Tensor, Tensor, Tensor)}).
 * The model keeps the parameters of the last epoch; {@link #bestEpoch()} says which epoch was
 * best. One instance per fit (it resets at the start of each).
 */
public final class EarlyStopping implements TrainingListener {

    private final int patience;
    private final double minDelta;
    private double best;
    private int bestEpoch;
    private int epochsWithoutImprovement;

    /** Stops after {@code patience} epochs without any decrease of the validation loss. */
    public EarlyStopping(int patience) {
        this(patience, 0.0);
    }

    /**
     * @param patience epochs without improvement before stopping, {@code >= 1}
     * @param minDelta how much lower than the best a validation loss must be to count as an
     *                 improvement, finite and {@code >= 0}
     */
    public EarlyStopping(int patience, double minDelta) {
        if (patience < 1) {
            throw new IllegalArgumentException("Invalid patience: " + patience + " (must be >= 1)");
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("Invalid minDelta: " + minDelta + " (must be finite and >= 0)");
        }
        this.patience = patience;
        this.minDelta = minDelta;
        reset();
    }

    private void reset() {
        best = Double.POSITIVE_INFINITY;
        bestEpoch = 0;
        epochsWithoutImprovement = 0;
    }

    @Override
    public void onTrainingStart(TrainingPlan plan) {
        if (!plan.validation()) {
            throw new IllegalStateException(this + " watches the validation loss: call fit(x, y, xVal, yVal)");
        }
        reset();
    }

    @Override
    public void onEpochEnd(int epoch, History history) {
        double loss = history.lastValidationLoss();
        if (loss < best - minDelta) {
            best = loss;
            bestEpoch = epoch;
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
    }

    @Override
    public boolean stopRequested() {
        return epochsWithoutImprovement >= patience;
    }

    /** The epoch (from 1) with the best validation loss seen so far; 0 before the first. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best validation loss seen so far; infinity before the first epoch. */
    public double bestLoss() {
        return best;
    }

    public int patience() {
        return patience;
    }

    public double minDelta() {
        return minDelta;
    }

    @Override
    public String toString() {
        return "EarlyStopping(patience=" + patience + ", minDelta=" + minDelta + ")";
    }
}
