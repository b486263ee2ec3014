package dev.backprop.core;

/**
 * What a {@link Trainer#fit} call is about to do, given to every {@link TrainingListener} before
 * the first step: enough to size a progress bar ({@code epochs * stepsPerEpoch} steps).
 *
 * @param epochs        the number of epochs (training may stop earlier)
 * @param stepsPerEpoch optimizer steps per epoch
 * @param trainRows     rows of the training set
 * @param batchSize     rows per step ({@code trainRows} for {@link Batching#FULL_BATCH}); the
 *                      last {@link Batching#SHUFFLED} batch may be smaller
 * @param batching      how batches are drawn
 * @param validation    whether a validation set is evaluated after every epoch
 */
public record TrainingPlan(int epochs, int stepsPerEpoch, int trainRows, int batchSize, Batching batching,
                           boolean validation) {

    /** All the steps of the run if it is not stopped early. */
    public long totalSteps() {
        return (long) epochs * stepsPerEpoch;
    }
}
