package dev.backprop.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backprop.core.Parameter;
import dev.backprop.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** One test per invalid hyper-parameter or parameter list, pinning the exact message. */
class HyperParameterValidationTest {

    private final List<Parameter> params = List.of(new Parameter("w", Tensor.zeros(2, 3)));

    private static void assertMessage(String expected, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void negativeLearningRate() {
        assertMessage("Invalid learning rate: -0.1 (must be finite and >= 0)", () -> new SGD(params, -0.1));
    }

    @Test
    void nanLearningRate() {
        assertMessage("Invalid learning rate: NaN (must be finite and >= 0)", () -> new Adam(params, Double.NaN, 0.9, 0.999, 1e-8));
    }

    @Test
    void infiniteLearningRate() {
        assertMessage("Invalid learning rate: Infinity (must be finite and >= 0)",
                () -> new Momentum(params, Double.POSITIVE_INFINITY, 0.9));
    }

    @Test
    void negativeLearningRateThroughTheSetter() {
        SGD sgd = new SGD(params, 0.1);
        assertMessage("Invalid learning rate: -2.0 (must be finite and >= 0)", () -> sgd.setLearningRate(-2.0));
        assertEquals(0.1, sgd.learningRate());
    }

    @Test
    void gammaOfOne() {
        assertMessage("Invalid gamma: 1.0 (must be in [0, 1))", () -> new Momentum(params, 0.1, 1.0));
    }

    @Test
    void negativeGamma() {
        assertMessage("Invalid gamma: -0.5 (must be in [0, 1))", () -> new Momentum(params, 0.1, -0.5));
    }

    @Test
    void beta1OfOne() {
        assertMessage("Invalid beta1: 1.0 (must be in [0, 1))", () -> new Adam(params, 1e-3, 1.0, 0.999, 1e-8));
    }

    @Test
    void nanBeta2() {
        assertMessage("Invalid beta2: NaN (must be in [0, 1))", () -> new Adam(params, 1e-3, 0.9, Double.NaN, 1e-8));
    }

    @Test
    void negativeBeta2() {
        assertMessage("Invalid beta2: -0.001 (must be in [0, 1))", () -> new Adam(params, 1e-3, 0.9, -0.001, 1e-8));
    }

    @Test
    void rhoAboveOne() {
        assertMessage("Invalid rho: 1.5 (must be in [0, 1))", () -> new RMSProp(params, 1e-2, 1.5, 1e-8));
    }

    @Test
    void zeroEpsAdagrad() {
        assertMessage("Invalid eps: 0.0 (must be finite and > 0)", () -> new Adagrad(params, 0.5, 0.0));
    }

    @Test
    void negativeEpsAdam() {
        assertMessage("Invalid eps: -1.0E-8 (must be finite and > 0)", () -> new Adam(params, 1e-3, 0.9, 0.999, -1e-8));
    }

    @Test
    void infiniteEpsRmsprop() {
        assertMessage("Invalid eps: Infinity (must be finite and > 0)",
                () -> new RMSProp(params, 1e-2, 0.9, Double.POSITIVE_INFINITY));
    }

    @Test
    void emptyParameterList() {
        assertMessage("Empty parameter list: an optimizer needs at least one parameter", () -> new Adam(List.of()));
    }

    @Test
    void nullParameterList() {
        assertMessage("Parameter list is null", () -> new SGD(null, 0.1));
    }

    @Test
    void nullParameter() {
        List<Parameter> withNull = new ArrayList<>(params);
        withNull.add(null);
        assertMessage("Parameter 1 is null", () -> new SGD(withNull, 0.1));
    }

    @Test
    void duplicateParameter() {
        Parameter w = params.get(0);
        Parameter b = new Parameter("b", Tensor.zeros(3));
        assertMessage("Duplicate parameter 'w' at positions 0 and 2 (each parameter must be given once)",
                () -> new SGD(List.of(w, b, w), 0.1));
    }

    @Test
    void twoParametersWithTheSameNameAreNotDuplicates() {
        Parameter first = new Parameter("weight", Tensor.zeros(2));
        Parameter second = new Parameter("weight", Tensor.zeros(2));
        assertEquals(2, new SGD(List.of(first, second), 0.1).parameters().size());
    }

    @Test
    void zeroLearningRateAndZeroMomentumAreValid() {
        assertEquals(0.0, new Momentum(params, 0.0, 0.0).learningRate());
        assertEquals(0.0, new Adam(params, 0.0, 0.0, 0.0, 1e-8).beta1());
    }
}
