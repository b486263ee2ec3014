package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.GradientCheck;
import dev.backprop.core.Loss;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.backprop.core.PropertyCheck.forAll;
import static dev.backprop.core.PropertyCheck.intBetween;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every loss promises, as properties: implement this interface once per loss (a class
 * named {@code ...ContractTest}). Each case is a random batch (1..8 rows) of random width
 * (1..10 columns) with a matching target, drawn by the implementation.
 */
interface LossContract {

    int TRIES = 1000;

    Loss loss();

    /** A prediction of shape {@code [batch, width]} and a valid target for it. */
    Case newCase(RandomState random, int batch, int width);

    /** A target whose shape does not fit {@code prediction}. */
    default Tensor mismatchedTarget(Tensor prediction) {
        int[] shape = prediction.shape();
        shape[0]++;
        return Tensor.zeros(shape);
    }

    final class Case {
        final Tensor prediction;
        final Tensor target;

        Case(Tensor prediction, Tensor target) {
            this.prediction = prediction;
            this.target = target;
        }

        @Override
        public String toString() {
            return "prediction " + prediction + "\ntarget " + target;
        }
    }

    private Case generate(RandomState random) {
        return newCase(random, intBetween(random, 1, 8), intBetween(random, 1, 10));
    }

    private long seed(String property) {
        return Math.floorMod((getClass().getSimpleName() + "." + property).hashCode(), 1_000_000) * 1000L;
    }

    @Test
    default void gradientCheckPasses() {
        forAll("gradientCheckPasses", TRIES, seed("gradientCheckPasses"), this::generate,
                c -> GradientCheck.check(loss(), c.prediction, c.target));
    }

    @Test
    default void gradientHasThePredictionsShape() {
        forAll("gradientHasThePredictionsShape", TRIES, seed("gradientHasThePredictionsShape"), this::generate,
                c -> assertArrayEquals(c.prediction.shape(), loss().gradient(c.prediction, c.target).shape()));
    }

    @Test
    default void valueIsFiniteAndNotNegative() {
        forAll("valueIsFiniteAndNotNegative", TRIES, seed("valueIsFiniteAndNotNegative"), this::generate, c -> {
            double v = loss().value(c.prediction, c.target);
            assertTrue(Double.isFinite(v) && v >= 0, "value " + v);
        });
    }

    /** The 1/N convention: a batch's loss is the mean of its rows' losses. */
    @Test
    default void valueIsTheMeanOfTheRowsValues() {
        forAll("valueIsTheMeanOfTheRowsValues", TRIES, seed("valueIsTheMeanOfTheRowsValues"), this::generate, c -> {
            int n = c.prediction.dim(0);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += loss().value(c.prediction.sliceRows(i, i + 1), c.target.sliceRows(i, i + 1));
            }
            assertEquals(sum / n, loss().value(c.prediction, c.target), 1e-12 * Math.max(1, sum / n));
        });
    }

    @Test
    default void argumentsAreNotModified() {
        forAll("argumentsAreNotModified", TRIES, seed("argumentsAreNotModified"), this::generate, c -> {
            Tensor p = c.prediction.copy();
            Tensor t = c.target.copy();
            loss().value(c.prediction, c.target);
            loss().gradient(c.prediction, c.target);
            assertEquals(p, c.prediction);
            assertEquals(t, c.target);
        });
    }

    /** Read-only arguments (the lesson's data are) give the same value and gradient: a loss only reads them. */
    @Test
    default void readOnlyArgumentsGiveTheSameResults() {
        forAll("readOnlyArgumentsGiveTheSameResults", TRIES, seed("readOnlyArgumentsGiveTheSameResults"),
                this::generate, c -> {
                    Tensor p = c.prediction.copy().readOnly();
                    Tensor t = c.target.copy().readOnly();
                    assertEquals(loss().value(c.prediction, c.target), loss().value(p, t));
                    assertEquals(loss().gradient(c.prediction, c.target), loss().gradient(p, t));
                });
    }

    /** A null prediction or target is named, with the loss, not a NullPointerException. */
    @Test
    default void nullArgumentsAreRejectedNamingTheLoss() {
        forAll("nullArgumentsAreRejectedNamingTheLoss", TRIES, seed("nullArgumentsAreRejectedNamingTheLoss"),
                this::generate, c -> {
                    for (Runnable call : new Runnable[] {
                            () -> loss().value(null, c.target), () -> loss().value(c.prediction, null),
                            () -> loss().gradient(null, c.target), () -> loss().gradient(c.prediction, null)}) {
                        String m = assertThrows(IllegalArgumentException.class, call::run).getMessage();
                        assertTrue(m.startsWith(loss().getClass().getSimpleName() + ": ")
                                && m.endsWith(" is null (expected a tensor)"), m);
                    }
                });
    }

    @Test
    default void aTargetOfTheWrongShapeIsRejectedNamingBothShapes() {
        forAll("aTargetOfTheWrongShapeIsRejectedNamingBothShapes", TRIES,
                seed("aTargetOfTheWrongShapeIsRejectedNamingBothShapes"), this::generate, c -> {
                    Tensor wrong = mismatchedTarget(c.prediction);
                    for (Runnable call : new Runnable[] {
                            () -> loss().value(c.prediction, wrong), () -> loss().gradient(c.prediction, wrong)}) {
                        String m = assertThrows(IllegalArgumentException.class, call::run).getMessage();
                        assertTrue(m.contains(Arrays.toString(c.prediction.shape())) && m.contains(Arrays.toString(wrong.shape())), m);
                    }
                });
    }
}
