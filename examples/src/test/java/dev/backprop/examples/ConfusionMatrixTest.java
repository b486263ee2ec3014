package dev.backprop.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfusionMatrixTest {

    @Test
    void rowsArePredictedLabelsColumnsTrueLabels() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1, 1, 2, 2}, new int[] {0, 1, 2, 2, 0}, 3);
        assertEquals(3, m.rows());
        assertEquals(1, m.count(0, 0));
        assertEquals(1, m.count(1, 2)); // predicted 1, truly 2
        assertEquals(1, m.count(2, 0));
        assertEquals(3.0 / 5.0, m.accuracy());
        assertEquals(0, m.outOfRange());
    }

    @Test
    void predictionsPastTheLastClassGetTheirOwnRowAndCountAsWrong() {
        // The rounding classifier answers 10 for an output above 0.95.
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {9, 10, 10}, new int[] {9, 9, 8}, 10);
        assertEquals(11, m.rows());
        assertEquals(1, m.count(10, 9));
        assertEquals(1, m.count(10, 8));
        assertEquals(2, m.outOfRange());
        assertEquals(1.0 / 3.0, m.accuracy());
    }

    @Test
    void tableShowsHeadersAndCounts() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 2);
        assertEquals("           true label\n"
                + "predicted    0    1\n"
                + "        0    1    0\n"
                + "        1    1    1\n", m.toTable());
    }

    @Test
    void rejectsBadLabelsNamingTheValue() {
        assertEquals("Invalid true label 3 at index 1 (must be in [0, 3))",
                assertThrows(IllegalArgumentException.class,
                        () -> ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 3}, 3)).getMessage());
        assertEquals("Invalid predicted label -1 at index 0 (must be >= 0)",
                assertThrows(IllegalArgumentException.class,
                        () -> ConfusionMatrix.of(new int[] {-1}, new int[] {0}, 3)).getMessage());
        assertEquals("ConfusionMatrix: 1 predictions for 2 labels",
                assertThrows(IllegalArgumentException.class,
                        () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 3)).getMessage());
    }
}
