package dev.backprop.core;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static dev.backprop.core.RandomStateTest.assertBits;
import static dev.backprop.core.RandomStateTest.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializerTest {

    /**
     * The lesson's initialisation: a {@code [784, 21]} weight, then {@code [21, 1]}, then a
     * {@code [21]} bias, all U[-0.5, 0.5) from one RandomState(0), equal numpy's
     * {@code rand(784, 21) - 0.5; rand(21, 1) - 0.5; rand(21) - 0.5} bit for bit.
     */
    @Test
    void uniformFillsRowMajorLikeNumpy() {
        JsonObject ref = RandomStateTest.referenceCase("w1=rand(784,21)-0.5");
        RandomState r = new RandomState(0);
        Initializer u = Initializer.uniform(-0.5, 0.5);
        Tensor w1 = Tensor.zeros(784, 21);
        Tensor w2 = Tensor.zeros(21, 1);
        Tensor b1 = Tensor.zeros(21);
        u.initialize(w1, r);
        u.initialize(w2, r);
        u.initialize(b1, r);
        double[] first5 = new double[5];
        System.arraycopy(w1.data(), 0, first5, 0, 5);
        assertBits(doubles(ref.getAsJsonArray("w1_first5")), first5, "w1[0, 0:5]");
        assertBits(new double[] {ref.get("w1_sum").getAsDouble()}, new double[] {RandomStateTest.numpySum(w1.data())}, "sum(w1)");
        assertBits(doubles(ref.getAsJsonArray("w2")), w2.data(), "w2");
        assertBits(doubles(ref.getAsJsonArray("b1")), b1.data(), "b1");
        // The second row starts with the 22nd number drawn: row-major, like C-ordered numpy.
        assertEquals(new RandomState(0).rand(22).data()[21] - 0.5, w1.get(1, 0));
    }

    @Test
    void uniformAndNormalAreTheLessonsDistributions() {
        Tensor t = Tensor.zeros(3, 4);
        Initializer.uniform(0, 1).initialize(t, new RandomState(1));
        assertEquals(new RandomState(1).rand(3, 4), t);
        Initializer.normal(0, 1).initialize(t, new RandomState(1));
        assertEquals(new RandomState(1).randn(3, 4), t);
        Initializer.normal(1, 2).initialize(t, new RandomState(1));
        assertEquals(new RandomState(1).normal(1, 2, 3, 4), t);
    }

    @Test
    void zerosAndConstantDrawNothing() {
        RandomState r = new RandomState(4);
        Tensor t = Tensor.filled(9, 2, 2);
        Initializer.zeros().initialize(t, r);
        assertEquals(Tensor.zeros(2, 2), t);
        Initializer.constant(0.1).initialize(t, r);
        assertEquals(Tensor.filled(0.1, 2, 2), t);
        assertEquals(new RandomState(4).rand(3), r.rand(3), "the generator must be untouched");
    }

    @Test
    void xavierUniformHasItsBoundAndVariance() {
        int in = 400;
        int out = 300;
        Tensor w = Tensor.zeros(in, out);
        Initializer.xavierUniform().initialize(w, new RandomState(0));
        double a = Math.sqrt(6.0 / (in + out));
        double mean = w.mean();
        double var = w.map(v -> (v - mean) * (v - mean)).mean();
        for (double v : w.data()) {
            assertTrue(Math.abs(v) <= a, "value " + v + " outside [-" + a + ", " + a + "]");
        }
        assertTrue(w.max() > 0.99 * a, "the range should be used up to its bound");
        double sdOfMean = Math.sqrt(a * a / 3 / w.size());
        assertTrue(Math.abs(mean) < 4 * sdOfMean, "mean " + mean);
        assertEquals(a * a / 3, var, 0.03 * a * a / 3, "variance of U[-a, a] is a^2 / 3");
    }

    @Test
    void heNormalHasItsStandardDeviation() {
        int in = 500;
        Tensor w = Tensor.zeros(in, 200);
        Initializer.heNormal().initialize(w, new RandomState(0));
        double std = Math.sqrt(2.0 / in);
        double mean = w.mean();
        double sd = Math.sqrt(w.map(v -> (v - mean) * (v - mean)).mean());
        assertTrue(Math.abs(mean) < 4 * std / Math.sqrt(w.size()), "mean " + mean);
        assertEquals(std, sd, 0.02 * std, "He: std = sqrt(2 / fanIn)");
    }

    @Test
    void fanInAndFanOutComeFromTheShape() {
        // For a [1, 1] weight Xavier's bound is sqrt(6 / 2) and He's std sqrt(2).
        Tensor t = Tensor.zeros(1, 1);
        Initializer.xavierUniform().initialize(t, new RandomState(2));
        double expected = -Math.sqrt(3.0) + 2 * Math.sqrt(3.0) * new RandomState(2).rand(1).item();
        assertEquals(expected, t.item(), 1e-15);
        Initializer.heNormal().initialize(t, new RandomState(2));
        assertEquals(Math.sqrt(2.0) * new RandomState(2).randn(1).item(), t.item(), 1e-15);
    }

    @Test
    void invalidSettingsAreRejectedWithTheirValues() {
        assertEquals("Invalid uniform bounds: [1.0, 0.0) (must be finite with low <= high)",
                assertThrows(IllegalArgumentException.class, () -> Initializer.uniform(1, 0)).getMessage());
        assertEquals("Invalid uniform bounds: [NaN, 1.0) (must be finite with low <= high)",
                assertThrows(IllegalArgumentException.class, () -> Initializer.uniform(Double.NaN, 1)).getMessage());
        assertEquals("Invalid normal: mean 0.0, std -1.0 (mean must be finite, std finite and >= 0)",
                assertThrows(IllegalArgumentException.class, () -> Initializer.normal(0, -1)).getMessage());
        assertEquals("Invalid normal: mean Infinity, std 1.0 (mean must be finite, std finite and >= 0)",
                assertThrows(IllegalArgumentException.class, () -> Initializer.normal(Double.POSITIVE_INFINITY, 1)).getMessage());
    }

    @Test
    void initializersPrintTheirSettings() {
        assertEquals("uniform(-0.5, 0.5)", Initializer.uniform(-0.5, 0.5).toString());
        assertEquals("normal(0.0, 1.0)", Initializer.normal(0, 1).toString());
        assertEquals("zeros", Initializer.zeros().toString());
        assertEquals("constant(0.1)", Initializer.constant(0.1).toString());
        assertEquals("xavierUniform", Initializer.xavierUniform().toString());
        assertEquals("heNormal", Initializer.heNormal().toString());
    }
}
