package dev.backprop.core;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values and gradients of the standard losses on cases worked out by hand. */
class LossesTest {

    private static Tensor column(double... v) {
        return Tensor.of(v, v.length, 1);
    }

    private static void assertFinite(Tensor t) {
        for (double v : t.data()) {
            assertTrue(Double.isFinite(v), "not finite: " + t);
        }
    }

    private static String message(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Nested
    class HalfMeanSquaredErrorTest {

        private final Loss loss = new HalfMeanSquaredError();

        @Test
        void theLessonsMeanSquaredErrorWithItsHalf() {
            // L = 1/(2*2) * ((0.5 - 1)^2 + (0.2 - 0)^2) = (0.25 + 0.04) / 4
            Tensor yhat = column(0.5, 0.2);
            Tensor y = column(1, 0);
            assertEquals(0.0725, loss.value(yhat, y), 1e-16);
            // dL/dyhat = (yhat - y) / n
            assertEquals(column(-0.25, 0.1), loss.gradient(yhat, y));
        }

        @Test
        void averagesOverEveryElement() {
            Tensor yhat = Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4});
            Tensor y = Tensor.zeros(2, 2);
            assertEquals((1 + 4 + 9 + 16) / 8.0, loss.value(yhat, y));
            assertEquals(yhat.mul(0.25), loss.gradient(yhat, y));
        }

        @Test
        void isZeroAtTheTarget() {
            Tensor y = column(0.3, 0.7);
            assertEquals(0.0, loss.value(y, y));
            assertEquals(Tensor.zeros(2, 1), loss.gradient(y, y));
        }

        @Test
        void shapeMismatchNamesBothShapes() {
            assertEquals("HalfMeanSquaredError: [2, 1] vs [2]", message(() -> loss.value(column(1, 2), Tensor.vector(1, 2))));
            assertEquals("HalfMeanSquaredError: [2, 1] vs [2]", message(() -> loss.gradient(column(1, 2), Tensor.vector(1, 2))));
        }

        @Test
        void aNullArgumentIsNamed() {
            assertEquals("HalfMeanSquaredError: prediction is null (expected a tensor)",
                    message(() -> loss.value(null, column(1, 2))));
            assertEquals("HalfMeanSquaredError: target is null (expected a tensor)",
                    message(() -> loss.gradient(column(1, 2), null)));
        }
    }

    @Nested
    class BinaryCrossEntropyTest {

        private final Loss loss = new BinaryCrossEntropy();

        @Test
        void valueAndGradientByHand() {
            Tensor p = Tensor.vector(0.9, 0.2);
            Tensor y = Tensor.vector(1, 0);
            assertEquals(-(Math.log(0.9) + Math.log(0.8)) / 2, loss.value(p, y), 1e-16);
            // (p - y) / (p (1 - p)) / N
            Tensor g = loss.gradient(p, y);
            assertEquals(-0.1 / 0.09 / 2, g.get(0), 1e-15);
            assertEquals(0.2 / 0.16 / 2, g.get(1), 1e-15);
        }

        @Test
        void softTargets() {
            Tensor p = Tensor.vector(0.25);
            Tensor y = Tensor.vector(0.5);
            assertEquals(-(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75)), loss.value(p, y), 1e-15);
        }

        @Test
        void clampingAtZeroAndOneKeepsEverythingFinite() {
            Tensor p = Tensor.vector(0.0, 1.0);
            Tensor wrong = Tensor.vector(1, 0);
            Tensor right = Tensor.vector(0, 1);
            double worst = loss.value(p, wrong);
            assertTrue(Double.isFinite(worst));
            assertEquals(-Math.log(1e-12), worst, 1e-3, "log clamped at eps = 1e-12");
            assertTrue(loss.value(p, right) >= 0 && loss.value(p, right) < 1e-11);
            assertFinite(loss.gradient(p, wrong));
            assertFinite(loss.gradient(p, right));
        }

        @Test
        void predictionsOutsideZeroOneAreRejected() {
            assertEquals("BinaryCrossEntropy: prediction 1.5 at index 1 is not a probability in [0, 1]",
                    message(() -> loss.value(Tensor.vector(0.5, 1.5), Tensor.vector(0, 1))));
            assertEquals("BinaryCrossEntropy: prediction NaN at index 0 is not a probability in [0, 1]",
                    message(() -> loss.gradient(Tensor.vector(Double.NaN), Tensor.vector(0))));
            assertEquals("BinaryCrossEntropy: [2] vs [3]",
                    message(() -> loss.value(Tensor.vector(0.5, 0.5), Tensor.vector(0, 1, 0))));
        }

        /** Outside [0, 1] the formula is no cross-entropy: it can go negative, and its minimum is not at p = y. */
        @Test
        void targetsOutsideZeroOneAreRejected() {
            assertEquals("BinaryCrossEntropy: target 1.5 at index 1 is not a probability in [0, 1]",
                    message(() -> loss.value(Tensor.vector(0.5, 0.5), Tensor.vector(0, 1.5))));
            assertEquals("BinaryCrossEntropy: target -0.25 at index 0 is not a probability in [0, 1]",
                    message(() -> loss.gradient(Tensor.vector(0.5), Tensor.vector(-0.25))));
            assertEquals("BinaryCrossEntropy: target NaN at index 1 is not a probability in [0, 1]",
                    message(() -> loss.gradient(Tensor.vector(0.5, 0.5), Tensor.vector(1, Double.NaN))));
        }

        /** One pass checks both, index by index: the first bad index is reported, whichever argument it is in. */
        @Test
        void theFirstBadIndexIsReportedWhetherPredictionOrTarget() {
            Tensor p = Tensor.vector(0.5, 0.5, 2);
            Tensor y = Tensor.vector(0, -1, 0);
            assertEquals("BinaryCrossEntropy: target -1.0 at index 1 is not a probability in [0, 1]",
                    message(() -> loss.value(p, y)));
            assertEquals("BinaryCrossEntropy: target -1.0 at index 1 is not a probability in [0, 1]",
                    message(() -> loss.gradient(p, y)));
        }

        @Test
        void aNullArgumentIsNamed() {
            assertEquals("BinaryCrossEntropy: prediction is null (expected a tensor)",
                    message(() -> loss.gradient(null, Tensor.vector(1))));
            assertEquals("BinaryCrossEntropy: target is null (expected a tensor)",
                    message(() -> loss.value(Tensor.vector(0.5), null)));
        }
    }

    @Nested
    class SoftmaxCrossEntropyTest {

        private final Loss loss = new SoftmaxCrossEntropy();

        @Test
        void valueAndGradientByHand() {
            // softmax([0, ln 3]) = [1/4, 3/4]; softmax([ln 2, ln 2]) = [1/2, 1/2]
            Tensor z = Tensor.fromRows(new double[] {0, Math.log(3)}, new double[] {Math.log(2), Math.log(2)});
            Tensor idx = Tensor.vector(1, 0);
            assertEquals((-Math.log(0.75) - Math.log(0.5)) / 2, loss.value(z, idx), 1e-15);
            Tensor expected = Tensor.fromRows(new double[] {0.25 / 2, -0.25 / 2}, new double[] {-0.5 / 2, 0.5 / 2});
            assertTrue(loss.gradient(z, idx).allClose(expected, 0, 1e-15), loss.gradient(z, idx).toString());
        }

        @Test
        void softmaxRowsSumToOne() {
            Tensor p = SoftmaxCrossEntropy.softmax(new RandomState(0).normal(0, 5, 6, 4));
            Tensor sums = p.sum(1);
            assertTrue(sums.allClose(Tensor.filled(1, 6), 0, 1e-15), sums.toString());
        }

        @Test
        void hugeLogitsStayFinite() {
            Tensor z = Tensor.fromRows(new double[] {1000, -1000, 0}, new double[] {-1e300, 1e300, 5e299});
            double good = loss.value(z, Tensor.vector(0, 1));
            assertEquals(0.0, good, 1e-300);
            double bad = loss.value(z, Tensor.vector(1, 0));
            assertEquals((2000 + 2e300) / 2, bad, 1e285);
            assertFinite(loss.gradient(z, Tensor.vector(2, 2)));
            assertFinite(SoftmaxCrossEntropy.softmax(z));
            assertEquals(Tensor.fromRows(new double[] {1, 0, 0}, new double[] {0, 1, 0}), SoftmaxCrossEntropy.softmax(z));
        }

        @Test
        void oneHotTargetsEqualIndexTargets() {
            Tensor z = new RandomState(3).normal(0, 2, 5, 4);
            Tensor indices = Tensor.vector(3, 0, 1, 1, 2);
            Tensor column = indices.reshape(5, 1);
            Tensor oneHot = Tensor.zeros(5, 4);
            for (int i = 0; i < 5; i++) {
                oneHot.set(1, i, (int) indices.get(i));
            }
            assertEquals(loss.value(z, oneHot), loss.value(z, indices));
            assertEquals(loss.value(z, oneHot), loss.value(z, column));
            assertEquals(loss.gradient(z, oneHot), loss.gradient(z, indices));
            assertEquals(loss.gradient(z, oneHot), loss.gradient(z, column));
        }

        @Test
        void probabilityRowsAsTargets() {
            Tensor z = Tensor.fromRows(new double[] {0, 0});
            Tensor t = Tensor.fromRows(new double[] {0.25, 0.75});
            assertEquals(Math.log(2), loss.value(z, t), 1e-15);
            assertEquals(Tensor.fromRows(new double[] {0.25, -0.25}), loss.gradient(z, t));
        }

        /** The gradient softmax - t is that of the loss only when each row of t sums to 1. */
        @Test
        void probabilityRowsMustBeFiniteNonNegativeAndSumToOne() {
            Tensor z = Tensor.zeros(2, 3);
            String sum = " (expected probabilities summing to 1, within 1.0E-6)";
            String entry = " is not a probability (expected finite and >= 0)";
            assertEquals("SoftmaxCrossEntropy: target row 1 sums to 0.5" + sum,
                    message(() -> loss.value(z, twoRows(0, 1, 0, 0.25, 0.25, 0))));
            assertEquals("SoftmaxCrossEntropy: target row 0 sums to 2.0" + sum,
                    message(() -> loss.gradient(z, twoRows(1, 1, 0, 0, 0, 1))));
            assertEquals("SoftmaxCrossEntropy: target row 0 sums to 1.00001" + sum,
                    message(() -> loss.value(z, twoRows(0.5, 0.50001, 0, 0, 0, 1))));
            assertEquals("SoftmaxCrossEntropy: target -0.5 at row 1, column 0" + entry,
                    message(() -> loss.gradient(z, twoRows(0, 0, 1, -0.5, 1, 0.5))));
            assertEquals("SoftmaxCrossEntropy: target NaN at row 0, column 2" + entry,
                    message(() -> loss.value(z, twoRows(0.5, 0.5, Double.NaN, 0, 0, 1))));
            assertEquals("SoftmaxCrossEntropy: target Infinity at row 0, column 1" + entry,
                    message(() -> loss.value(z, twoRows(0, Double.POSITIVE_INFINITY, 0, 0, 0, 1))));
        }

        private static Tensor twoRows(double... v) {
            return Tensor.of(v, 2, 3);
        }

        /** Rounding is no error: a row summing to 1 within 1e-6 is taken as it is. */
        @Test
        void aRowSumOffByRoundingIsAccepted() {
            Tensor z = Tensor.fromRows(new double[] {0, 0});
            Tensor t = Tensor.fromRows(new double[] {0.25, 0.75 + 1e-7});
            assertEquals(Math.log(2) * (1 + 1e-7), loss.value(z, t), 1e-15);
            Tensor expected = Tensor.fromRows(new double[] {0.25, -0.25 - 1e-7});
            assertTrue(loss.gradient(z, t).allClose(expected, 0, 1e-16), loss.gradient(z, t).toString());
        }

        @Test
        void aNullArgumentIsNamed() {
            assertEquals("SoftmaxCrossEntropy: logits is null (expected a tensor)",
                    message(() -> loss.value(null, Tensor.vector(0))));
            assertEquals("SoftmaxCrossEntropy: target is null (expected a tensor)",
                    message(() -> loss.gradient(Tensor.zeros(1, 2), null)));
            assertEquals("SoftmaxCrossEntropy: logits is null (expected a tensor)",
                    message(() -> SoftmaxCrossEntropy.softmax(null)));
        }

        @Test
        void badTargetsAreRejectedWithTheirValues() {
            Tensor z = Tensor.zeros(2, 4);
            assertEquals("SoftmaxCrossEntropy: target 4.0 at row 1 is not a class index in [0, 4)",
                    message(() -> loss.value(z, Tensor.vector(0, 4))));
            assertEquals("SoftmaxCrossEntropy: target 1.5 at row 0 is not a class index in [0, 4)",
                    message(() -> loss.gradient(z, Tensor.vector(1.5, 0))));
            assertEquals("SoftmaxCrossEntropy: target -1.0 at row 0 is not a class index in [0, 4)",
                    message(() -> loss.value(z, Tensor.vector(-1, 0))));
            assertEquals("SoftmaxCrossEntropy: logits [2, 4] vs target [3] (expected one-hot [n, c] or class indices [n])",
                    message(() -> loss.value(z, Tensor.vector(0, 1, 2))));
            assertEquals("SoftmaxCrossEntropy: logits [2, 4] vs target [2, 3] (expected one-hot [n, c] or class indices [n])",
                    message(() -> loss.value(z, Tensor.zeros(2, 3))));
            assertEquals("SoftmaxCrossEntropy: [2, 4] vs [3, 4]", message(() -> loss.value(z, Tensor.zeros(3, 4))));
            assertEquals("SoftmaxCrossEntropy: expected logits [n, classes], got [4]",
                    message(() -> loss.value(Tensor.zeros(4), Tensor.vector(0))));
        }
    }

    @Test
    void lossesPrintTheirConvention() {
        assertEquals("HalfMeanSquaredError(L = 1/(2N) sum (yhat - y)^2)", new HalfMeanSquaredError().toString());
        assertEquals("BinaryCrossEntropy(eps=1.0E-12)", new BinaryCrossEntropy().toString());
        assertEquals("SoftmaxCrossEntropy(logits)", new SoftmaxCrossEntropy().toString());
    }
}
