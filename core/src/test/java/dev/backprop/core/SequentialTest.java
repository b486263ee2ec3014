package dev.backprop.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SequentialTest {

    /** Adds {@code shift} going forward, multiplies the gradient by {@code factor} going back, and logs both. */
    static final class Traced implements Layer {
        final String name;
        final double shift;
        final double factor;
        final List<String> log;
        final Parameter parameter;

        Traced(String name, double shift, double factor, List<String> log, boolean withParameter) {
            this.name = name;
            this.shift = shift;
            this.factor = factor;
            this.log = log;
            this.parameter = withParameter ? new Parameter(name + ".p", Tensor.zeros(2)) : null;
        }

        @Override
        public Tensor forward(Tensor input) {
            log.add("forward " + name);
            return input.add(shift);
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            log.add("backward " + name);
            return gradOutput.mul(factor);
        }

        @Override
        public List<Parameter> parameters() {
            return parameter == null ? List.of() : List.of(parameter);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void forwardRunsFirstToLastAndBackwardLastToFirst() {
        List<String> log = new ArrayList<>();
        Sequential model = new Sequential(
                new Traced("a", 1, 2, log, false), new Traced("b", 10, 3, log, false), new Traced("c", 100, 5, log, false));
        assertEquals(Tensor.vector(111, 112), model.forward(Tensor.vector(0, 1)));
        assertEquals(Tensor.vector(30, 60), model.backward(Tensor.vector(1, 2)), "gradients chain: 2 * 3 * 5");
        assertEquals(List.of("forward a", "forward b", "forward c", "backward c", "backward b", "backward a"), log);
    }

    @Test
    void parametersAreTheChildrensInOrder() {
        List<String> log = new ArrayList<>();
        Traced a = new Traced("a", 0, 1, log, true);
        Traced b = new Traced("b", 0, 1, log, false);
        Traced c = new Traced("c", 0, 1, log, true);
        Sequential model = new Sequential(a, b, c);
        assertEquals(List.of(a.parameter, c.parameter), model.parameters());
        assertThrows(UnsupportedOperationException.class, () -> model.parameters().clear());
        assertEquals(4, model.parameterCount());
        assertSame(b, model.layer(1));
        assertEquals(List.of(a, b, c), model.layers());

        a.parameter.grad().fill(1);
        c.parameter.grad().fill(2);
        model.zeroGrad();
        assertEquals(Tensor.zeros(2), a.parameter.grad());
        assertEquals(Tensor.zeros(2), c.parameter.grad());
    }

    @Test
    void nestedSequentialsFlattenTheirParameters() {
        RandomState r = new RandomState(0);
        TestLayers.Affine first = new TestLayers.Affine(3, 2, r);
        TestLayers.Affine second = new TestLayers.Affine(2, 1, r);
        Sequential inner = new Sequential(first, new TestLayers.Square());
        Sequential outer = new Sequential(inner, second);
        assertEquals(List.of(first.weight, first.bias, second.weight, second.bias), outer.parameters());
        GradientCheck.check(outer, r.uniform(-1, 1, 4, 3));
    }

    @Test
    void outputShapeChainsThroughTheLayers() {
        RandomState r = new RandomState(0);
        Sequential model = new Sequential(new TestLayers.Affine(4, 3, r), new TestLayers.Square(), new TestLayers.Affine(3, 2, r));
        assertArrayEquals(new int[] {7, 2}, model.outputShape(7, 4));
        assertArrayEquals(new int[] {7, 2}, model.forward(Tensor.zeros(7, 4)).shape());
    }

    @Test
    void summaryListsLayersShapesAndParameterCounts() {
        RandomState r = new RandomState(0);
        TestLayers.Affine last = new TestLayers.Affine(3, 2, r);
        last.bias.setTrainable(false);
        Sequential model = new Sequential(new TestLayers.Affine(4, 3, r), new TestLayers.Square(), last);
        String expected = ""
                + "------------------------------------------------------------------\n"
                + "Layer                                Output shape           Params\n"
                + "==================================================================\n"
                + "Affine(4 -> 3)                       [-1, 3]                    15\n"
                + "Square()                             [-1, 3]                     0\n"
                + "Affine(3 -> 2)                       [-1, 2]                     8\n"
                + "------------------------------------------------------------------\n"
                + "Total params: 23 (trainable 21, frozen 2)\n";
        assertEquals(expected, model.summary(1, 4));
        assertEquals("Sequential(Affine(4 -> 3), Square(), Affine(3 -> 2))", model.toString());
    }

    @Test
    void emptyOrNullLayersAreRejected() {
        assertEquals("Sequential needs at least one layer",
                assertThrows(IllegalArgumentException.class, Sequential::new).getMessage());
        assertEquals("Sequential: layer 1 is null",
                assertThrows(IllegalArgumentException.class, () -> new Sequential(new TestLayers.Square(), null)).getMessage());
    }

    /** Each layer caches its last forward pass, so an instance used twice would give wrong gradients. */
    @Test
    void aLayerInstanceUsedTwiceIsRejectedNamingBothPositions() {
        RandomState r = new RandomState(0);
        TestLayers.Square shared = new TestLayers.Square();
        assertEquals("Layer Square() appears twice in Sequential: at positions 1 and 3 (each position needs its own"
                        + " instance: a layer caches its last forward pass)",
                assertThrows(IllegalArgumentException.class, () -> new Sequential(new TestLayers.Affine(2, 2, r), shared,
                        new TestLayers.Affine(2, 2, r), shared)).getMessage());
    }

    /** Position {@code 0.1} is layer 1 of the Sequential at 0. */
    @Test
    void aLayerInstanceSharedWithANestedSequentialIsRejected() {
        TestLayers.Square shared = new TestLayers.Square();
        Sequential inner = new Sequential(new TestLayers.Square(), shared);
        assertEquals("Layer Square() appears twice in Sequential: at positions 0.1 and 1 (each position needs its own"
                        + " instance: a layer caches its last forward pass)",
                assertThrows(IllegalArgumentException.class, () -> new Sequential(inner, shared)).getMessage());
        assertEquals("Layer Square() appears twice in Sequential: at positions 0 and 1.0.1 (each position needs its own"
                        + " instance: a layer caches its last forward pass)",
                assertThrows(IllegalArgumentException.class,
                        () -> new Sequential(shared, new Sequential(inner))).getMessage());
        assertEquals("Layer Sequential(Square(), Square()) appears twice in Sequential: at positions 0 and 1 (each"
                        + " position needs its own instance: a layer caches its last forward pass)",
                assertThrows(IllegalArgumentException.class, () -> new Sequential(inner, inner)).getMessage());
    }

    /** A layer whose replica is a new instance, as {@link Layer#replica()} asks. */
    static final class Replicable implements Layer {
        @Override
        public Tensor forward(Tensor input) {
            return input;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            return gradOutput;
        }

        @Override
        public Optional<Layer> replica() {
            return Optional.of(new Replicable());
        }
    }

    /** A replica is a Sequential too, checked the same way: its new instances pass, nested ones included. */
    @Test
    void theReplicaOfANestedModelHasNewInstancesThroughout() {
        Sequential model = new Sequential(new Replicable(), new Sequential(new Replicable(), new Replicable()));
        Sequential replica = (Sequential) model.replica().orElseThrow();
        Set<Layer> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(List.of(model.layer(0), replica.layer(0)));
        distinct.addAll(((Sequential) model.layer(1)).layers());
        distinct.addAll(((Sequential) replica.layer(1)).layers());
        assertEquals(6, distinct.size(), "three layers and their three replicas");
        assertEquals(Tensor.vector(1, 2), replica.forward(Tensor.vector(1, 2)));
    }

    @Test
    void backwardBeforeForwardReachesTheLastLayersError() {
        Sequential model = new Sequential(new TestLayers.Square(), new TestLayers.Square());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.backward(Tensor.zeros(1, 1)));
        assertEquals("Square: backward called before forward", e.getMessage());
    }
}
