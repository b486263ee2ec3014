package dev.backprop.core;

import java.util.Locale;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes a {@link Trainer#fit} run; every method has an empty default, so a listener
 * implements only what it needs. Call order:
 * <pre>
 *   onTrainingStart(plan)
 *   for each epoch e = 1, 2, ...:
 *       for each step s = 1 .. plan.stepsPerEpoch():  onStepEnd(e, s, loss)
 *       onEpochEnd(e, history)          (history already holds epoch e's losses)
 *       stopRequested()                 (true from any listener ends training after epoch e)
 *   onTrainingEnd(history)              (also when training failed; the exception follows)
 * </pre>
 * {@code onTrainingEnd} is called on every listener whose {@code onTrainingStart} returned, even
 * when a later listener's {@code onTrainingStart} or another's {@code onTrainingEnd} throws; the
 * first exception is thrown, the later ones added to it as suppressed.
 * Epochs and steps count from 1. A step's loss is the one computed on the forward pass before
 * that step's update.
 */
public interface TrainingListener {

    default void onTrainingStart(TrainingPlan plan) {
    }

    default void onStepEnd(int epoch, int step, double loss) {
    }

    default void onEpochEnd(int epoch, History history) {
    }

    /** Asked after every {@link #onEpochEnd}; {@code true} stops training there. */
    default boolean stopRequested() {
        return false;
    }

    default void onTrainingEnd(History history) {
    }

    /** A listener that runs {@code action(epoch, history)} after every epoch. */
    static TrainingListener eachEpoch(BiConsumer<Integer, History> action) {
        if (action == null) {
            throw new IllegalArgumentException("eachEpoch: action is null");
        }
        return new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, History history) {
                action.accept(epoch, history);
            }

            @Override
            public String toString() {
                return "TrainingListener.eachEpoch(" + action + ")";
            }
        };
    }

    /**
     * Logs the losses (SLF4J, INFO, logger {@code dev.backprop.core.Trainer}) every
     * {@code epochs} epochs and after the last one:
     * {@code epoch 10/500: train loss 0.03125, validation loss 0.03342}.
     */
    static TrainingListener logEvery(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("Invalid logging interval: " + epochs + " epochs (must be >= 1)");
        }
        Logger log = LoggerFactory.getLogger(Trainer.class);
        return new TrainingListener() {
            private int total;

            @Override
            public void onTrainingStart(TrainingPlan plan) {
                total = plan.epochs();
            }

            @Override
            public void onEpochEnd(int epoch, History history) {
                if (epoch % epochs == 0 || epoch == total) {
                    String validation = history.hasValidation()
                            ? String.format(Locale.ROOT, ", validation loss %.5f", history.lastValidationLoss()) : "";
                    log.info(String.format(Locale.ROOT, "epoch %d/%d: train loss %.5f%s", epoch, total,
                            history.lastTrainLoss(), validation));
                }
            }

            @Override
            public String toString() {
                return "TrainingListener.logEvery(" + epochs + ")";
            }
        };
    }
}
