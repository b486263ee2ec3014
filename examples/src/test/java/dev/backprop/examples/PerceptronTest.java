package dev.backprop.examples;

import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerceptronTest {

    @Test
    void learnsToSeparateTheTwoClasses() {
        Perceptron.Result r = Perceptron.run(50, 150, 2.0, 1);
        assertTrue(r.accuracy() >= 0.95, "accuracy " + r.accuracy());
        assertTrue(r.finalLoss() < r.losses()[0] / 5, "loss went from " + r.losses()[0] + " to " + r.finalLoss());
        assertTrue(r.weight().get(0, 0) > 0 && r.weight().get(1, 0) > 0, "class 1 lies up and right: " + r.weight());
    }

    @Test
    void fullBatchGradientDescentLowersTheLossEveryEpoch() {
        Perceptron.Result r = Perceptron.run(50, 150, 2.0, 1);
        double[] l = r.losses();
        for (int e = 1; e < l.length; e++) {
            assertTrue(l[e] < l[e - 1], "epoch " + e + ": " + l[e - 1] + " -> " + l[e]);
        }
        assertTrue(r.finalLoss() < l[l.length - 1]);
    }

    /** One epoch of run() is the lesson's section 1 update, written out by hand. */
    @Test
    void oneStepIsTheLessonsUpdateRule() {
        int perClass = 4;
        double eta = 0.7;
        RandomState random = new RandomState(3);
        Tensor[] data = Perceptron.twoClasses(perClass, random);
        Tensor w0 = random.uniform(-0.5, 0.5, 2, 1);   // what Dense(2, 1, bias) draws: W, then b
        Tensor b0 = random.uniform(-0.5, 0.5, 1);
        int n = 2 * perClass;
        double[] dw = new double[2];
        double db = 0;
        for (int i = 0; i < n; i++) {
            double x0 = data[0].get(i, 0);
            double x1 = data[0].get(i, 1);
            double yhat = 1 / (1 + Math.exp(-(x0 * w0.get(0, 0) + x1 * w0.get(1, 0) + b0.get(0))));
            double q = (yhat - data[1].get(i, 0)) * yhat * (1 - yhat);
            dw[0] += q * x0;
            dw[1] += q * x1;
            db += q;
        }
        Perceptron.Result r = Perceptron.run(perClass, 1, eta, 3);
        assertEquals(w0.get(0, 0) - eta / n * dw[0], r.weight().get(0, 0), 1e-14);
        assertEquals(w0.get(1, 0) - eta / n * dw[1], r.weight().get(1, 0), 1e-14);
        assertEquals(b0.get(0) - eta / n * db, r.bias().get(0), 1e-14);
    }

    @Test
    void isDeterministicForASeed() {
        Perceptron.Result a = Perceptron.run(20, 30, 1.0, 5);
        Perceptron.Result b = Perceptron.run(20, 30, 1.0, 5);
        assertArrayEquals(a.losses(), b.losses());
        assertEquals(a.weight(), b.weight());
    }

    @Test
    void theDataAreTwoLabelledClouds() {
        Tensor[] d = Perceptron.twoClasses(500, new RandomState(0));
        assertArrayEquals(new int[] {1000, 2}, d[0].shape());
        assertArrayEquals(new int[] {1000, 1}, d[1].shape());
        Tensor first = d[0].sliceRows(0, 500).mean(0);
        Tensor second = d[0].sliceRows(500, 1000).mean(0);
        assertTrue(first.allClose(Tensor.vector(-1.5, -1.5), 0, 0.15), first.toString());
        assertTrue(second.allClose(Tensor.vector(1.5, 1.5), 0, 0.15), second.toString());
        assertEquals(500, d[1].sum());
    }

    @Test
    void badSettingsAreRejected() {
        assertEquals("Invalid points per class: 0 (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> Perceptron.run(0, 10, 1, 0)).getMessage());
        assertEquals("Invalid epochs: 0 (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> Perceptron.run(10, 0, 1, 0)).getMessage());
        assertEquals("Invalid learning rate: -0.1 (must be finite and > 0)",
                assertThrows(IllegalArgumentException.class, () -> Perceptron.run(10, 10, -0.1, 0)).getMessage());
    }
}
