package dev.backprop.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops a {@link Trainer} run that has gone wrong, with a {@link TrainingDivergedException}
 * naming the epoch and step and suggesting a smaller learning rate, instead of letting NaN
 * spread silently through the weights. It is not a {@link TrainingListener}: it must look
 * between backward and the update, where listeners are not called.
 *
 * <p>Always checked (every detector):
 * <ul>
 *   <li>the loss of each step is finite, before backward and the update (so the parameters
 *       keep the last finite values);</li>
 *   <li>every gradient of a trainable parameter is finite, before the update;</li>
 *   <li>every trainable parameter is finite after the update (a finite gradient times a huge
 *       learning rate can still overflow);</li>
 *   <li>the epoch's train and validation losses are finite.</li>
 * </ul>
 * Optionally ({@link #lossIncrease(double)}): the epoch's train loss exceeds {@code factor}
 * times the first epoch's, when that is positive (a zero baseline has no scale). This is off
 * by default because healthy runs can spike: the lesson's own full-batch run at
 * {@code eta = 50} reaches 3.6 times its first loss in epoch 3 before settling. A network with
 * sigmoid outputs never produces NaN at a huge learning rate (its units saturate and the loss
 * stays bounded), so this check is the one that catches it.
 */
public final class DivergenceDetector {

    private final double maxLossIncrease;

    private DivergenceDetector(double maxLossIncrease) {
        this.maxLossIncrease = maxLossIncrease;
    }

    /** The default: stops on any NaN or infinite loss, gradient or parameter. */
    public static DivergenceDetector nonFinite() {
        return new DivergenceDetector(Double.POSITIVE_INFINITY);
    }

    /**
     * Also stops when an epoch's train loss is more than {@code factor} times the first
     * epoch's train loss. A first loss of 0 (or less) gives no scale, so it turns this check
     * off: times 0, any later loss above 0 would count as divergence.
     *
     * @param factor finite and {@code > 1}
     */
    public static DivergenceDetector lossIncrease(double factor) {
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("Invalid loss increase factor: " + factor + " (must be finite and > 1)");
        }
        return new DivergenceDetector(factor);
    }

    /** The factor of {@link #lossIncrease}, or infinity when that check is off. */
    public double maxLossIncrease() {
        return maxLossIncrease;
    }

    /** Step {@code step}'s loss, computed before its backward pass and update. */
    void checkLoss(double loss, int epoch, int step, int stepsPerEpoch, double learningRate, History history) {
        if (!Double.isFinite(loss)) {
            throw diverged(where(epoch, step, stepsPerEpoch) + ": the loss is " + loss
                    + "; the parameters keep their values from before this step", learningRate, epoch, step, history);
        }
    }

    /** The gradients after backward, before the update. */
    void checkGradients(List<Parameter> parameters, int epoch, int step, int stepsPerEpoch, double learningRate,
                        History history) {
        for (Parameter p : parameters) {
            int bad = firstNonFinite(p, p.grad());
            if (bad >= 0) {
                throw diverged(where(epoch, step, stepsPerEpoch) + ": the gradient of '" + p.name() + "' is "
                        + p.grad().data()[bad] + " at index " + bad
                        + "; the parameters keep their values from before this step", learningRate, epoch, step, history);
            }
        }
    }

    /** The parameters after the update. */
    void checkParameters(List<Parameter> parameters, int epoch, int step, int stepsPerEpoch, double learningRate,
                         History history) {
        for (Parameter p : parameters) {
            int bad = firstNonFinite(p, p.value());
            if (bad >= 0) {
                throw diverged(where(epoch, step, stepsPerEpoch) + ": the update left " + p.value().data()[bad]
                        + " in parameter '" + p.name() + "' at index " + bad, learningRate, epoch, step, history);
            }
        }
    }

    /** The epoch's losses, already recorded in {@code history}. */
    void checkEpoch(int epoch, double learningRate, History history) {
        double train = history.lastTrainLoss();
        if (!Double.isFinite(train)) {
            throw diverged("Training diverged at epoch " + epoch + ": the mean train loss is " + train,
                    learningRate, epoch, 0, history);
        }
        if (history.hasValidation() && !Double.isFinite(history.lastValidationLoss())) {
            throw diverged("Training diverged at epoch " + epoch + ": the validation loss is "
                    + history.lastValidationLoss(), learningRate, epoch, 0, history);
        }
        double first = history.trainLoss(1);
        if (first > 0 && train > maxLossIncrease * first) {
            throw diverged("Training diverged at epoch " + epoch + ": the train loss " + train + " is more than "
                    + maxLossIncrease + " times the first epoch's " + first, learningRate, epoch, 0, history);
        }
    }

    /**
     * The index of the first NaN or infinity in {@code t}, or -1 ({@link Kernels#firstNonFinite}).
     * A large one is checked in the ranges of {@link Parallelism#elementwise}, the same ones as
     * the optimizer's update, so each thread reads the values its own part of the update wrote:
     * read whole by the calling thread, half of the lesson's first weight and its gradient came
     * from the other core at every step.
     */
    static int firstNonFinite(Parameter p, Tensor t) {
        if (!p.trainable()) {
            return -1;
        }
        double[] v = t.values();
        if (t.size() < Parallelism.ELEMENTWISE_PARALLEL) {
            return Kernels.SELECTED.firstNonFinite(v, 0, t.size());
        }
        AtomicInteger first = new AtomicInteger(Integer.MAX_VALUE);
        Parallelism.elementwise(t.size(), (from, to) -> {
            int bad = Kernels.SELECTED.firstNonFinite(v, from, to);
            if (bad >= 0) {
                first.accumulateAndGet(bad, Math::min);
            }
        });
        return first.get() == Integer.MAX_VALUE ? -1 : first.get();
    }

    private static String where(int epoch, int step, int stepsPerEpoch) {
        return "Training diverged at epoch " + epoch + (stepsPerEpoch > 1 ? ", step " + step + " of " + stepsPerEpoch : "");
    }

    private static TrainingDivergedException diverged(String what, double learningRate, int epoch, int step,
                                                      History history) {
        return new TrainingDivergedException(what + ". Try a smaller learning rate (now " + learningRate + ").",
                epoch, step, history);
    }

    @Override
    public String toString() {
        return Double.isInfinite(maxLossIncrease) ? "DivergenceDetector.nonFinite()"
                : "DivergenceDetector.lossIncrease(" + maxLossIncrease + ")";
    }
}
