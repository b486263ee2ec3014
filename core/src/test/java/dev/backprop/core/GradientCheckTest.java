package dev.backprop.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckTest {

    /**
     * {@code y = x * w} (element-wise, w {@code [features]} broadcast over rows), with a backward
     * that can be told to get the parameter or the input gradient wrong.
     */
    static final class Scale implements Layer {
        final Parameter weight;
        final double paramGradFactor;
        final double inputGradFactor;
        private Tensor input;

        Scale(Tensor w, double paramGradFactor, double inputGradFactor) {
            this.weight = new Parameter("weight", w);
            this.paramGradFactor = paramGradFactor;
            this.inputGradFactor = inputGradFactor;
        }

        @Override
        public Tensor forward(Tensor x) {
            input = x;
            Tensor y = x.copy();
            int m = x.dim(1);
            for (int i = 0; i < y.size(); i++) {
                y.data()[i] *= weight.value().data()[i % m];
            }
            return y;
        }

        @Override
        public Tensor backward(Tensor g) {
            int m = input.dim(1);
            Tensor dx = g.copy();
            for (int i = 0; i < g.size(); i++) {
                weight.grad().data()[i % m] += paramGradFactor * g.data()[i] * input.data()[i];
                dx.data()[i] *= inputGradFactor * weight.value().data()[i % m];
            }
            return dx;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(weight);
        }
    }

    private static final Tensor X = Tensor.fromRows(new double[] {0.5, -1.0, 2.0}, new double[] {1.5, 0.25, -0.75});
    private static final Tensor W = Tensor.vector(0.8, -1.2, 0.3);

    @Test
    void correctGradientsPass() {
        double worst = GradientCheck.check(new Scale(W.copy(), 1, 1), X);
        assertTrue(worst < 1e-8, "largest |analytic - numeric| was " + worst);
        RandomState r = new RandomState(0);
        Layer model = new Sequential(new TestLayers.Affine(3, 4, r), new TestLayers.Square(), new TestLayers.Affine(4, 2, r));
        assertTrue(GradientCheck.check(model, r.uniform(-1, 1, 5, 3)) < 1e-7);
    }

    @Test
    void aWrongParameterGradientFailsNamingTensorIndexAndValues() {
        GradientCheck.GradientCheckException e = assertThrows(GradientCheck.GradientCheckException.class,
                () -> GradientCheck.check(new Scale(W.copy(), 2, 1), X));
        String m = e.getMessage();
        assertTrue(m.startsWith("Gradient check failed for 'weight' at index [0]: analytic "), m);
        assertTrue(m.matches(".*analytic -?[0-9.e+-]+, numeric -?[0-9.e+-]+ \\(\\|diff\\| .*"), m);
        // The analytic value is twice the true one: 2 * sum_i g[i, 0] x[i, 0], g from RandomState(42).
        Tensor g = new RandomState(42).normal(0, 1, 2, 3);
        double truth = g.get(0, 0) * X.get(0, 0) + g.get(1, 0) * X.get(1, 0);
        assertTrue(m.contains(String.format(java.util.Locale.ROOT, "analytic %.10g", 2 * truth)), m);
    }

    @Test
    void aWrongInputGradientFailsNamingTheInput() {
        GradientCheck.GradientCheckException e = assertThrows(GradientCheck.GradientCheckException.class,
                () -> GradientCheck.check(new Scale(W.copy(), 1, -1), X));
        assertTrue(e.getMessage().startsWith("Gradient check failed for 'input' at index [0, 0]: "), e.getMessage());
    }

    @Test
    void toleranceFollowsThePassRule() {
        // 1e-4 relative error: within the default rtol 1e-3, outside rtol 1e-6.
        Scale slightlyOff = new Scale(W.copy(), 1 + 1e-4, 1);
        GradientCheck.check(slightlyOff, X);
        GradientCheck strict = GradientCheck.with(1e-6, 1e-6, 0);
        assertThrows(GradientCheck.GradientCheckException.class, () -> strict.verify(slightlyOff, X));
        GradientCheck loose = GradientCheck.with(1e-6, 1e-3, 0);
        loose.verify(slightlyOff, X);
        assertEquals("GradientCheck(eps=1.0E-6, rtol=1.0E-6, atol=0.0)", strict.toString());
    }

    @Test
    void parametersAndGradientsAreRestored() {
        Scale layer = new Scale(W.copy(), 1, 1);
        Tensor accumulated = Tensor.vector(7, -0.5, 3);   // as if between two accumulation steps
        layer.weight.grad().copyFrom(accumulated);
        Tensor x = X.copy();
        GradientCheck.check(layer, x);
        assertEquals(W, layer.weight.value());
        assertEquals(accumulated, layer.weight.grad());
        assertEquals(X, x, "the caller's input is not perturbed");
    }

    @Test
    void gradientsAreRestoredWhenTheCheckFails() {
        Scale wrongWeight = new Scale(W.copy(), 2, 1);
        Scale wrongInput = new Scale(W.copy(), 1, -1);
        Tensor accumulated = Tensor.vector(7, -0.5, 3);
        for (Scale layer : List.of(wrongWeight, wrongInput)) {
            layer.weight.grad().copyFrom(accumulated);
            assertThrows(GradientCheck.GradientCheckException.class, () -> GradientCheck.check(layer, X));
            assertEquals(W, layer.weight.value());
            assertEquals(accumulated, layer.weight.grad());
        }
    }

    @Test
    void aGradientOfTheWrongShapeIsReported() {
        Layer wrongShape = new Layer() {
            @Override
            public Tensor forward(Tensor input) {
                return input.copy();
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                return gradOutput.transpose();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientCheck.check(wrongShape, X));
        assertEquals("GradientCheck: backward returned a gradient unlike the input: [2, 3] vs [3, 2]", e.getMessage());
    }

    @Test
    void lossGradientsAreChecked() {
        RandomState r = new RandomState(1);
        Tensor p = r.uniform(0.1, 0.9, 4, 2);
        Tensor y = r.uniform(0, 1, 4, 2);
        GradientCheck.check(new HalfMeanSquaredError(), p, y);
        GradientCheck.check(new BinaryCrossEntropy(), p, y);
        GradientCheck.check(new SoftmaxCrossEntropy(), r.normal(0, 2, 4, 3), Tensor.vector(0, 2, 1, 2));

        Loss forgotTheMean = new Loss() {
            @Override
            public double value(Tensor prediction, Tensor target) {
                return new HalfMeanSquaredError().value(prediction, target);
            }

            @Override
            public Tensor gradient(Tensor prediction, Tensor target) {
                return prediction.sub(target);   // missing the 1/N
            }
        };
        GradientCheck.GradientCheckException e = assertThrows(GradientCheck.GradientCheckException.class,
                () -> GradientCheck.check(forgotTheMean, p, y));
        assertTrue(e.getMessage().startsWith("Gradient check failed for 'prediction' at index [0, 0]: "), e.getMessage());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertEquals("Invalid eps: 0.0 (must be > 0)",
                assertThrows(IllegalArgumentException.class, () -> GradientCheck.with(0, 1e-3, 1e-5)).getMessage());
        assertEquals("Invalid tolerance: rtol -1.0, atol 1.0E-5 (must be >= 0)",
                assertThrows(IllegalArgumentException.class, () -> GradientCheck.with(1e-6, -1, 1e-5)).getMessage());
        assertEquals("Invalid tolerance: rtol 0.001, atol NaN (must be >= 0)",
                assertThrows(IllegalArgumentException.class, () -> GradientCheck.with(1e-6, 1e-3, Double.NaN)).getMessage());
    }
}
