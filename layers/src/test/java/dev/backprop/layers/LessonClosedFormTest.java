package dev.backprop.layers;

import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.Initializer;
import dev.backprop.core.Loss;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Section 2 of the lesson: for the one-hidden-layer sigmoid network without output bias and the
 * loss L = 1/(2n) ||Y - Yhat||^2, the gradients backprop computes layer by layer equal the
 * lesson's closed form, computed here by hand with plain loops:
 * <pre>
 *   Q2 = (Yhat - Y) Yhat (1 - Yhat)          Q1 = Q2 W2^T * h (1 - h)
 *   dL/dW2 = h^T Q2 / n     dL/db1 = sum_rows Q1 / n     dL/dW1 = X^T Q1 / n
 * </pre>
 */
class LessonClosedFormTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static void assertClose(double[][] expected, Tensor actual, String name) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                double a = actual.rank() == 1 ? actual.get(j) : actual.get(i, j);
                assertTrue(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)),
                        name + "[" + i + ", " + j + "]: closed form " + e + ", backprop " + a);
            }
        }
    }

    /** Checks one network of {@code m} inputs, {@code h} hidden units on a batch of {@code n}. */
    private static void check(int n, int m, int hSize, long seed) {
        RandomState r = new RandomState(seed);
        Tensor xT = r.normal(0, 1, n, m);
        Tensor yT = r.rand(n, 1);

        // The lesson's initialisation order: W1, W2, then b1, all U[-0.5, 0.5).
        Dense first = new Dense(m, hSize, true);
        Dense second = new Dense(hSize, 1, false);
        Initializer u = Initializer.uniform(-0.5, 0.5);
        u.initialize(first.weight().value(), r);
        u.initialize(second.weight().value(), r);
        u.initialize(first.bias().value(), r);
        Sequential model = new Sequential(first, new Sigmoid(), second, new Sigmoid());

        // The framework: forward, loss gradient, backward.
        Loss loss = new HalfMeanSquaredError();
        Tensor yhatT = model.forward(xT);
        double lossValue = loss.value(yhatT, yT);
        model.backward(loss.gradient(yhatT, yT));

        // The lesson, by hand.
        double[][] x = new double[n][m];
        double[] y = new double[n];
        double[][] w1 = new double[m][hSize];
        double[] b1 = new double[hSize];
        double[] w2 = new double[hSize];
        for (int i = 0; i < n; i++) {
            y[i] = yT.get(i, 0);
            for (int k = 0; k < m; k++) {
                x[i][k] = xT.get(i, k);
            }
        }
        for (int j = 0; j < hSize; j++) {
            b1[j] = first.bias().value().get(j);
            w2[j] = second.weight().value().get(j, 0);
            for (int k = 0; k < m; k++) {
                w1[k][j] = first.weight().value().get(k, j);
            }
        }
        double[][] h = new double[n][hSize];       // h_hat = sigma(X W1 + b1)
        double[] yhat = new double[n];             // sigma(h_hat W2)
        for (int i = 0; i < n; i++) {
            double g = 0;
            for (int j = 0; j < hSize; j++) {
                double z = b1[j];
                for (int k = 0; k < m; k++) {
                    z += x[i][k] * w1[k][j];
                }
                h[i][j] = sigmoid(z);
                g += h[i][j] * w2[j];
            }
            yhat[i] = sigmoid(g);
        }
        double[] q2 = new double[n];
        double[][] q1 = new double[n][hSize];
        double expectedLoss = 0;
        for (int i = 0; i < n; i++) {
            q2[i] = (yhat[i] - y[i]) * yhat[i] * (1 - yhat[i]);
            expectedLoss += (yhat[i] - y[i]) * (yhat[i] - y[i]);
            for (int j = 0; j < hSize; j++) {
                q1[i][j] = q2[i] * w2[j] * h[i][j] * (1 - h[i][j]);
            }
        }
        expectedLoss /= 2.0 * n;
        double[][] dW2 = new double[hSize][1];
        double[][] db1 = new double[1][hSize];
        double[][] dW1 = new double[m][hSize];
        for (int j = 0; j < hSize; j++) {
            for (int i = 0; i < n; i++) {
                dW2[j][0] += h[i][j] * q2[i] / n;
                db1[0][j] += q1[i][j] / n;
                for (int k = 0; k < m; k++) {
                    dW1[k][j] += x[i][k] * q1[i][j] / n;
                }
            }
        }

        String where = " (n=" + n + ", m=" + m + ", h=" + hSize + ", seed " + seed + ")";
        assertEquals(expectedLoss, lossValue, 1e-15 * Math.max(1, expectedLoss), "loss" + where);
        assertClose(new double[][] {yhat}, yhatT.reshape(-1), "yhat" + where);
        assertClose(dW2, second.weight().grad(), "dW2" + where);
        assertClose(db1, first.bias().grad(), "db1" + where);
        assertClose(dW1, first.weight().grad(), "dW1" + where);
    }

    @Test
    void smallNetworksOfManySizes() {
        RandomState sizes = new RandomState(2024);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + (int) sizes.randint(0, 16);
            int m = 1 + (int) sizes.randint(0, 12);
            int h = 1 + (int) sizes.randint(0, 10);
            check(n, m, h, trial);
        }
    }

    @Test
    void theLessonsShape() {
        check(64, 784, 21, 0);
    }
}
