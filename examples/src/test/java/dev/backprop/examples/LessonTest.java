package dev.backprop.examples;

import dev.backprop.core.Initializer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.datasets.Mnist;
import dev.backprop.layers.Sigmoid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The lesson's data preparation. */
class LessonTest {

    private static Sequential network(int inputs, int hidden) {
        Sequential net = Lesson.network(inputs, hidden, new Sigmoid());
        Lesson.initialize(net, Initializer.uniform(-0.5, 0.5), new RandomState(0));
        return net;
    }

    /** The sample's split: 4,800 / 1,200 rows, standardized rows, targets label / 10, labels kept. */
    @Test
    void regressionDataOfTheSample() {
        Lesson.Data d = Lesson.regressionData(Mnist.sample());
        assertEquals(4800, d.train().size());
        assertEquals(1200, d.validation().size());
        assertEquals(Mnist.SAMPLE_TEST_SIZE, d.test().size());
        assertArrayEquals(new int[] {4800, 784}, d.xTrain().shape());
        assertArrayEquals(new int[] {1200, 1}, d.yVal().shape());
        for (int i = 0; i < 20; i++) {
            assertEquals(d.test().labels()[i] / Lesson.TARGET_SCALE, d.yTest().get(i, 0));
            assertEquals(0.0, d.xTest().sliceRows(i, i + 1).mean(), 1e-12);
        }
        assertEquals(Mnist.sample().test().label(0), d.test().labels()[0]);
    }

    @Test
    void partRejectsMismatchedCounts() {
        assertEquals("Part: 2 input rows, 3 target rows and 2 labels (expected the same count)",
                assertThrows(IllegalArgumentException.class,
                        () -> new Lesson.Part(Tensor.zeros(2, 4), Tensor.zeros(3, 1), new int[2])).getMessage());
    }

    @Test
    void roundToDigitsReadsReadOnlyPredictions() {
        Tensor predictions = Tensor.fromRows(new double[] {0.04}, new double[] {0.26}, new double[] {0.96});
        assertArrayEquals(new int[] {0, 3, 10}, Lesson.roundToDigits(predictions.copy().readOnly()));
        assertArrayEquals(new int[] {0, 3, 10}, Lesson.roundToDigits(predictions));
    }
}
