package dev.backprop.examples.cli;

import dev.backprop.core.Batching;
import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.Layer;
import dev.backprop.core.Loss;
import dev.backprop.core.Optimizer;
import dev.backprop.core.RandomState;
import dev.backprop.core.RowBlocks;
import dev.backprop.core.Tensor;
import dev.backprop.core.TrainingDivergedException;
import dev.backprop.examples.Lesson;

import java.io.IOException;
import java.util.Locale;

/**
 * One variant of the lesson's regression in a comparison (frozen bias, another initialisation,
 * another activation, another optimizer): trained, evaluated, its history written to
 * {@code history-<name>.csv}. A variant that diverges is reported, not fatal: the others still
 * run.
 */
record Variant(String name, Training.Result result, double testLoss, RegressionEvaluation evaluation,
               String failure) {

    boolean diverged() {
        return failure != null;
    }

    static Variant train(Run run, String name, Layer network, Optimizer optimizer, TrainingOptions options,
                         Batching batching, RandomState random, Lesson.Data d) throws IOException {
        Loss loss = new HalfMeanSquaredError();
        Training.Result result;
        String failure = null;
        try {
            result = new Training(network, loss, optimizer).task(name).options(options, batching, random)
                    .fit(run, d.xTrain(), d.yTrain(), d.xVal(), d.yVal());
        } catch (TrainingDivergedException e) {
            failure = e.getMessage();
            double[] train = e.history().trainLosses();
            double[] validation = e.history().hasValidation() ? e.history().validationLosses() : new double[train.length];
            if (validation.length < train.length) {
                validation = java.util.Arrays.copyOf(validation, train.length);
                java.util.Arrays.fill(validation, e.history().validationLosses().length, train.length, Double.NaN);
            }
            result = new Training.Result(train, validation, train.length, Double.NaN);
        }
        run.history("history-" + name + ".csv", result.trainLoss(), result.validationLoss());
        if (failure != null) {
            run.printf("%-12s diverged: %s%n", name, failure);
            return new Variant(name, result, Double.NaN, null, failure);
        }
        RowBlocks blocks = new RowBlocks(network);   // one set of replicas for both sets of rows
        Tensor testOutputs = blocks.forward(d.xTest());
        double test = loss.value(testOutputs, d.yTest());
        RegressionEvaluation evaluation = RegressionEvaluation.of(blocks.forward(d.xTrain()), testOutputs, d);
        run.printf("%-12s train loss %.5f, validation loss %.5f, test loss %.5f, %s (%.1f s)%n", name,
                result.lastTrain(), result.lastValidation(), test, evaluation.summary(), result.seconds());
        return new Variant(name, result, test, evaluation, null);
    }

    String lossSummary() {
        return diverged() ? "diverged" : String.format(Locale.ROOT, "test loss %.5f", testLoss);
    }
}
