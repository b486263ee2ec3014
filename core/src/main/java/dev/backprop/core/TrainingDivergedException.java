package dev.backprop.core;

/**
 * Thrown by {@link Trainer#fit} when training diverges (see {@link DivergenceDetector}). The
 * message names the epoch (and step), what went wrong and the learning rate to lower; the
 * history up to the failure is kept for plotting.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final transient History history;

    TrainingDivergedException(String message, int epoch, int step, History history) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.history = history;
    }

    /** The epoch (from 1) in which training diverged. */
    public int epoch() {
        return epoch;
    }

    /** The step (from 1) within the epoch, or 0 when the divergence was seen at the epoch's end. */
    public int step() {
        return step;
    }

    /** The history up to the failure (the failing step's loss included when it was computed). */
    public History history() {
        return history;
    }
}
