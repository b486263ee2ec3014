package dev.backprop.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.core.Parallelism;
import dev.backprop.core.Parameter;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared loop: frozen parameters, lazy state, state keys and their checks, toString. */
class AbstractOptimizerTest {

    private final Parameter weight = new Parameter("weight", Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4}));
    private final Parameter bias = new Parameter("bias", Tensor.vector(0.5, -0.5));

    private void setGradients(double g) {
        weight.grad().fill(g);
        bias.grad().fill(g);
    }

    @Test
    void frozenParametersAreNeverTouchedAndGetNoState() {
        bias.setTrainable(false);
        Adam adam = new Adam(List.of(weight, bias), 0.1, 0.9, 0.999, 1e-8);
        setGradients(1.0);
        adam.step();
        adam.step();
        assertArrayEquals(new double[] {0.5, -0.5}, bias.value().data());
        assertFalse(weight.value().equals(Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4})));
        assertEquals(List.of("step", "0.weight.step", "0.weight.m", "0.weight.v"), List.copyOf(adam.state().keySet()));
    }

    /**
     * A large parameter is updated in ranges on several threads: every optimizer gives the
     * same bits on 1, 2 and 3 threads (an update that ignored its range would update some
     * elements twice).
     */
    @Test
    void aLargeParameterGetsTheSameBitsOnAnyThreadCount() {
        int size = 3 * Parallelism.ELEMENTWISE_PARALLEL + 5;
        int threads = Parallelism.threads();
        try {
            for (int kind = 0; kind < 5; kind++) {
                double[] reference = null;
                for (int t : new int[] {1, 2, 3}) {
                    Parallelism.setThreads(t);
                    RandomState random = new RandomState(kind);
                    Parameter p = new Parameter("w", random.normal(0, 1, size));
                    List<Parameter> ps = List.of(p);
                    AbstractOptimizer optimizer = switch (kind) {
                        case 0 -> new SGD(ps, 0.1);
                        case 1 -> new Momentum(ps, 0.1, 0.9);
                        case 2 -> new Adagrad(ps, 0.1, 1e-8);
                        case 3 -> new RMSProp(ps, 0.01, 0.9, 1e-8);
                        default -> new Adam(ps, 0.01, 0.9, 0.999, 1e-8);
                    };
                    for (int step = 0; step < 3; step++) {
                        p.grad().copyFrom(random.normal(0, 1, size));
                        optimizer.step();
                    }
                    if (reference == null) {
                        reference = p.value().data().clone();
                    } else {
                        assertArrayEquals(reference, p.value().data(), optimizer + " on " + t + " threads");
                    }
                }
            }
        } finally {
            Parallelism.setThreads(threads);
        }
    }

    @Test
    void stateIsCreatedOnTheFirstStep() {
        Momentum momentum = new Momentum(List.of(weight, bias), 0.1, 0.9);
        assertEquals(Map.of("step", Tensor.scalar(0)), momentum.state());
        setGradients(2.0);
        momentum.step();
        Map<String, Tensor> state = momentum.state();
        assertEquals(List.of("step", "0.weight.step", "0.weight.velocity", "1.bias.step", "1.bias.velocity"),
                List.copyOf(state.keySet()));
        assertEquals(Tensor.filled(-0.2, 2, 2), state.get("0.weight.velocity"));
        assertEquals(1.0, state.get("step").item());
        assertEquals(1L, momentum.stepCount());
    }

    @Test
    void aReadOnlyStateLoads() {
        Momentum momentum = new Momentum(List.of(weight), 0.1, 0.9);
        setGradients(1.0);
        momentum.step();
        Map<String, Tensor> state = new java.util.LinkedHashMap<>();
        momentum.state().forEach((key, value) -> state.put(key, value.readOnly()));
        Momentum loaded = new Momentum(List.of(weight), 0.1, 0.9);
        loaded.loadState(state);
        assertEquals(momentum.state(), loaded.state());
        assertEquals(1L, loaded.stepCount());
    }

    @Test
    void stateIsACopy() {
        Momentum momentum = new Momentum(List.of(weight), 0.1, 0.9);
        setGradients(1.0);
        momentum.step();
        momentum.state().get("0.weight.velocity").fill(99);
        assertEquals(Tensor.filled(-0.1, 2, 2), momentum.state().get("0.weight.velocity"));
    }

    @Test
    void aParameterUnfrozenLaterStartsItsOwnBiasCorrectionAtOne() {
        bias.setTrainable(false);
        Adam adam = new Adam(List.of(weight, bias), 0.1, 0.9, 0.999, 1e-8);
        setGradients(1.0);
        adam.step();
        adam.step();
        adam.step();
        bias.setTrainable(true);
        adam.step();
        // first update of the bias: moves by lr (to 1e-8 relative), as any Adam first step
        assertEquals(0.5 - 0.1, bias.value().get(0), 1e-8);
        assertEquals(1.0, adam.state().get("1.bias.step").item());
        assertEquals(4.0, adam.state().get("0.weight.step").item());
        assertEquals(4.0, adam.state().get("step").item());
    }

    @Test
    void zeroGradClearsEveryParameterFrozenOnesToo() {
        bias.setTrainable(false);
        SGD sgd = new SGD(List.of(weight, bias), 0.1);
        setGradients(3.0);
        sgd.zeroGrad();
        assertEquals(Tensor.zeros(2, 2), weight.grad());
        assertEquals(Tensor.zeros(2), bias.grad());
    }

    @Test
    void learningRateCanBeChangedBetweenSteps() {
        SGD sgd = new SGD(List.of(bias), 0.1);
        sgd.setLearningRate(1.0);
        bias.grad().fill(0.25);
        sgd.step();
        assertArrayEquals(new double[] {0.25, -0.75}, bias.value().data());
        assertEquals(1.0, sgd.learningRate());
    }

    @Test
    void parametersKeepTheirOrderAndCannotBeChanged() {
        SGD sgd = new SGD(List.of(bias, weight), 0.1);
        assertEquals(List.of(bias, weight), sgd.parameters());
        assertThrows(UnsupportedOperationException.class, () -> sgd.parameters().clear());
    }

    @Test
    void toStringShowsEveryHyperParameter() {
        List<Parameter> ps = List.of(weight, bias);
        assertEquals("SGD(lr=0.05, 2 parameters)", new SGD(ps, 0.05).toString());
        assertEquals("Momentum(lr=0.05, gamma=0.9, 2 parameters)", new Momentum(ps, 0.05, 0.9).toString());
        assertEquals("Adagrad(lr=0.5, eps=1.0E-8, 2 parameters)", new Adagrad(ps, 0.5, 1e-8).toString());
        assertEquals("RMSProp(lr=0.01, rho=0.99, eps=1.0E-8, 1 parameter)", new RMSProp(List.of(weight), 0.01, 0.99, 1e-8).toString());
        assertEquals("Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, 2 parameters)", new Adam(ps).toString());
    }

    @Test
    void adamDefaultsAreThePapers() {
        Adam adam = new Adam(List.of(weight));
        assertEquals(1e-3, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(List.of("m", "v"), adam.slotNames());
    }

    // ---------------------------------------------------------------- loadState checks

    private Map<String, Tensor> momentumState() {
        Momentum momentum = new Momentum(List.of(weight, bias), 0.1, 0.9);
        setGradients(1.0);
        momentum.step();
        return new LinkedHashMap<>(momentum.state());
    }

    private static String loadError(Map<String, Tensor> state) {
        Momentum fresh = new Momentum(List.of(
                new Parameter("weight", Tensor.zeros(2, 2)), new Parameter("bias", Tensor.zeros(2))), 0.1, 0.9);
        return assertThrows(IllegalArgumentException.class, () -> fresh.loadState(state)).getMessage();
    }

    @Test
    void loadStateRestoresStepCountAndBuffers() {
        Map<String, Tensor> state = momentumState();
        Momentum fresh = new Momentum(List.of(
                new Parameter("weight", Tensor.zeros(2, 2)), new Parameter("bias", Tensor.zeros(2))), 0.1, 0.9);
        fresh.loadState(state);
        assertEquals(state, fresh.state());
        assertEquals(1L, fresh.stepCount());
        state.get("1.bias.velocity").fill(7);
        assertEquals(Tensor.filled(-0.1, 2), fresh.state().get("1.bias.velocity"), "loadState copies");
    }

    @Test
    void loadStateOfAnEarlierStateDropsLaterBuffers() {
        Momentum momentum = new Momentum(List.of(weight, bias), 0.1, 0.9);
        Map<String, Tensor> initial = momentum.state();
        setGradients(1.0);
        momentum.step();
        momentum.loadState(initial);
        assertEquals(initial, momentum.state());
    }

    @Test
    void loadStateRejectsAMissingStepCount() {
        Map<String, Tensor> state = momentumState();
        state.remove("step");
        assertEquals("Missing key 'step' in optimizer state with keys [0.weight.step, 0.weight.velocity, "
                + "1.bias.step, 1.bias.velocity] for Momentum(lr=0.1, gamma=0.9, 2 parameters)", loadError(state));
    }

    @Test
    void loadStateRejectsAnUnknownSlot() {
        Map<String, Tensor> state = momentumState();
        state.put("0.weight.m", Tensor.zeros(2, 2));
        assertEquals("Unknown key '0.weight.m' in optimizer state for Momentum(lr=0.1, gamma=0.9, 2 parameters) "
                + "(expected 'step' or '<index>.<name>.<slot>' with slot one of [step, velocity])", loadError(state));
    }

    @Test
    void loadStateRejectsAKeyWithoutIndex() {
        Map<String, Tensor> state = momentumState();
        state.put("weight.velocity", Tensor.zeros(2, 2));
        assertTrue(loadError(state).startsWith("Unknown key 'weight.velocity' in optimizer state"));
    }

    @Test
    void loadStateRejectsAnIndexOutOfRange() {
        Map<String, Tensor> state = momentumState();
        state.put("2.weight.velocity", Tensor.zeros(2, 2));
        assertEquals("Key '2.weight.velocity' names parameter 2 but Momentum(lr=0.1, gamma=0.9, 2 parameters) "
                + "has parameters 0..1", loadError(state));
    }

    @Test
    void loadStateRejectsANameThatDoesNotMatchTheIndex() {
        Map<String, Tensor> state = momentumState();
        state.put("1.weight.velocity", state.remove("1.bias.velocity"));
        assertEquals("Key '1.weight.velocity' names parameter 'weight' but parameter 1 is 'bias'", loadError(state));
    }

    @Test
    void loadStateRejectsAWrongShape() {
        Map<String, Tensor> state = momentumState();
        state.put("0.weight.velocity", Tensor.zeros(4));
        assertEquals("Wrong shape for '0.weight.velocity': [4] (parameter 'weight' has shape [2, 2])", loadError(state));
    }

    @Test
    void loadStateRejectsANonIntegerStepCount() {
        Map<String, Tensor> state = momentumState();
        state.put("step", Tensor.scalar(2.5));
        assertEquals("Invalid value for 'step': 2.5 (must be a non-negative integer)", loadError(state));
    }

    @Test
    void loadStateRejectsAStepCountThatIsNotOneNumber() {
        Map<String, Tensor> state = momentumState();
        state.put("1.bias.step", Tensor.zeros(2));
        assertEquals("Key '1.bias.step' must hold one number, got shape [2]", loadError(state));
    }

    @Test
    void loadStateRejectsAnIncompleteParameter() {
        Map<String, Tensor> state = momentumState();
        state.remove("0.weight.velocity");
        assertEquals("Incomplete state for parameter 0 'weight': missing [velocity]", loadError(state));
    }

    @Test
    void aRejectedStateLeavesTheOptimizerUnchanged() {
        Momentum momentum = new Momentum(List.of(weight, bias), 0.1, 0.9);
        setGradients(1.0);
        momentum.step();
        Map<String, Tensor> before = momentum.state();
        Map<String, Tensor> bad = new LinkedHashMap<>(before);
        bad.put("step", Tensor.scalar(5));
        bad.put("1.bias.velocity", Tensor.zeros(3));
        assertThrows(IllegalArgumentException.class, () -> momentum.loadState(bad));
        assertEquals(before, momentum.state());
    }

    @Test
    void loadStateRejectsNull() {
        assertEquals("Optimizer state is null", loadError(null));
    }

    @Test
    void subclassesMustNameTheirSlotsSensibly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AbstractOptimizer(List.of(weight), 0.1, "step") {
                    @Override
                    protected void update(double[] theta, double[] grad, double[][] slots, long t, int from, int to) {
                    }
                });
        assertEquals("Invalid slot name: 'step' (letters, digits and underscores, not 'step')", e.getMessage());
    }
}
