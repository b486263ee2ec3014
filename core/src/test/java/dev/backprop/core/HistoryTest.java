package dev.backprop.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private static History withTwoEpochs() {
        History h = new History(true, List.of("accuracy"));
        h.recordStep(0.5);
        h.recordStep(0.3);
        h.recordEpoch(0.4, 0.45, new double[] {0.7});
        h.recordStep(0.2);
        h.recordStep(0.2);
        h.recordEpoch(0.2, 0.5, new double[] {0.8});
        return h;
    }

    @Test
    void recordsEpochsAndSteps() {
        History h = withTwoEpochs();
        assertEquals(2, h.epochs());
        assertEquals(4, h.steps());
        assertArrayEquals(new double[] {0.4, 0.2}, h.trainLosses());
        assertArrayEquals(new double[] {0.45, 0.5}, h.validationLosses());
        assertArrayEquals(new double[] {0.5, 0.3, 0.2, 0.2}, h.stepLosses());
        assertArrayEquals(new double[] {0.7, 0.8}, h.metric("accuracy"));
        assertEquals(0.2, h.lastTrainLoss());
        assertEquals(0.5, h.lastValidationLoss());
        assertEquals(0.8, h.lastMetric("accuracy"));
        assertEquals(0.4, h.trainLoss(1));
        assertEquals(0.45, h.bestValidationLoss());
        assertEquals(1, h.bestValidationEpoch());
    }

    @Test
    void accessorsReturnCopies() {
        History h = withTwoEpochs();
        h.trainLosses()[0] = 99;
        h.stepLosses()[0] = 99;
        h.metric("accuracy")[0] = 99;
        assertEquals(0.4, h.trainLoss(1));
        assertEquals(0.5, h.stepLosses()[0]);
        assertEquals(0.7, h.metric("accuracy")[0]);
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        History h = new History(false, List.of());
        for (int i = 0; i < 1000; i++) {
            h.recordStep(i);
            h.recordEpoch(i, Double.NaN, new double[0]);
        }
        assertEquals(999.0, h.lastTrainLoss());
        assertEquals(1000, h.stepLosses().length);
        assertEquals(0, h.validationLosses().length);
    }

    @Test
    void explainsWhatIsMissing() {
        History empty = new History(false, List.of());
        assertEquals("No train loss recorded yet", assertThrows(IllegalStateException.class, empty::lastTrainLoss).getMessage());
        assertEquals("No validation loss: training ran without a validation set",
                assertThrows(IllegalStateException.class, empty::lastValidationLoss).getMessage());
        assertEquals("No train loss for epoch 3 (recorded epochs: 1..2)",
                assertThrows(IndexOutOfBoundsException.class, () -> withTwoEpochs().trainLoss(3)).getMessage());
    }

    @Test
    void printsTheLastLosses() {
        assertEquals("History(epochs=2, steps=4, train loss 0.20000, validation loss 0.50000, accuracy 0.80000)",
                withTwoEpochs().toString());
        assertEquals("History(epochs=0, steps=0)", new History(false, List.of()).toString());
    }
}
