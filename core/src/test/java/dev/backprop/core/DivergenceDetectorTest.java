package dev.backprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The scan behind the gradient and parameter checks (the messages are tested in TrainerTest). */
class DivergenceDetectorTest {

    private static final double[] BAD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /**
     * Any length (the 8-wide sums' tail included), up to two bad values anywhere: the first one
     * is found, and an array without one gives -1.
     */
    @Test
    void findsTheFirstNonFiniteValueWhereverItIs() {
        PropertyCheck.forAll("firstNonFinite", 2000, 3L, r -> {
            double[] d = new double[PropertyCheck.intBetween(r, 0, 40)];
            for (int i = 0; i < d.length; i++) {
                d[i] = PropertyCheck.doubleBetween(r, -1e3, 1e3);
            }
            int expected = -1;
            int bad = d.length == 0 ? 0 : PropertyCheck.intBetween(r, 0, 2);
            for (int b = 0; b < bad; b++) {
                int at = PropertyCheck.intBetween(r, 0, d.length - 1);
                d[at] = BAD[PropertyCheck.intBetween(r, 0, BAD.length - 1)];
                expected = expected < 0 ? at : Math.min(expected, at);
            }
            return new Object[] {d, expected};
        }, c -> {
            double[] d = (double[]) c[0];
            assertEquals((int) c[1], DivergenceDetector.firstNonFinite(new Parameter("w", Tensor.of(d, d.length)),
                    Tensor.of(d, d.length)), java.util.Arrays.toString(d));
        });
    }

    /**
     * A large tensor is checked in ranges on the threads: the first bad value is found wherever
     * the ranges are cut, on 1 to 3 threads, with a later one in another range.
     */
    @Test
    void aLargeTensorIsCheckedInRangesAndTheFirstBadValueIsFound() {
        int defaultThreads = Parallelism.threads();
        try {
            int n = 16_464;   // the lesson's first weight: ranges of 4120
            Parameter p = new Parameter("w", Tensor.zeros(n));
            for (int threads = 1; threads <= 3; threads++) {
                Parallelism.setThreads(threads);
                for (int at : new int[] {0, 4119, 4120, 9000, 16_463}) {
                    double[] d = new double[n];
                    d[at] = Double.NaN;
                    d[n - 1 - (n - 1 - at) / 2] = Double.POSITIVE_INFINITY;   // a later one, or the same
                    assertEquals(at, DivergenceDetector.firstNonFinite(p, Tensor.of(d, n)), "NaN at " + at);
                }
                assertEquals(-1, DivergenceDetector.firstNonFinite(p, Tensor.zeros(n)));
            }
        } finally {
            Parallelism.setThreads(defaultThreads);
        }
    }

    /** Finite values whose sum overflows are still finite; +inf and -inf together are found too. */
    @Test
    void anOverflowingSumOfFiniteValuesIsNotAnError() {
        double[] huge = new double[19];
        java.util.Arrays.fill(huge, Double.MAX_VALUE);
        Parameter p = new Parameter("w", Tensor.zeros(19));
        assertEquals(-1, DivergenceDetector.firstNonFinite(p, Tensor.of(huge, 19)));
        huge[17] = Double.POSITIVE_INFINITY;
        huge[18] = Double.NEGATIVE_INFINITY;
        assertEquals(17, DivergenceDetector.firstNonFinite(p, Tensor.of(huge, 19)));
    }

    private static History trainLosses(double... losses) {
        History h = new History(false, java.util.List.of());
        for (double loss : losses) {
            h.recordEpoch(loss, Double.NaN, new double[0]);
        }
        return h;
    }

    /** Ten times a first loss of 0 is 0: any later loss above it would count as divergence. */
    @Test
    void aFirstLossOfZeroGivesTheIncreaseCheckNoScale() {
        DivergenceDetector detector = DivergenceDetector.lossIncrease(10);
        assertDoesNotThrow(() -> detector.checkEpoch(1, 0.1, trainLosses(0.0)));
        assertDoesNotThrow(() -> detector.checkEpoch(2, 0.1, trainLosses(0.0, 1e-3)));
        assertDoesNotThrow(() -> detector.checkEpoch(2, 0.1, trainLosses(-1.0, 5.0)));
    }

    @Test
    void aPositiveFirstLossIsTheScale() {
        DivergenceDetector detector = DivergenceDetector.lossIncrease(10);
        assertDoesNotThrow(() -> detector.checkEpoch(2, 0.1, trainLosses(0.5, 5.0)));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> detector.checkEpoch(2, 0.1, trainLosses(0.5, 5.5)));
        assertEquals("Training diverged at epoch 2: the train loss 5.5 is more than 10.0 times the first epoch's 0.5."
                + " Try a smaller learning rate (now 0.1).", e.getMessage());
    }

    @Test
    void aFrozenParameterIsNotScanned() {
        Parameter frozen = new Parameter("w", Tensor.zeros(3)).setTrainable(false);
        assertEquals(-1, DivergenceDetector.firstNonFinite(frozen, Tensor.vector(1, Double.NaN, 2)));
    }
}
