package dev.backprop.examples;

import dev.backprop.core.GradientCheck;
import dev.backprop.core.Initializer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.layers.Dense;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's own layer, verified the way the GradientCheck Javadoc recommends. */
class SoftplusTest {

    /** Random batches 1..8 by 1..10 of values in [-4, 4), each from its own seed. */
    @Test
    void gradientCheckPassesOnRandomInputs() {
        for (long seed = 0; seed < 500; seed++) {
            RandomState r = new RandomState(seed);
            Tensor x = r.uniform(-4, 4, 1 + (int) r.randint(0, 8), 1 + (int) r.randint(0, 10));
            try {
                GradientCheck.check(new Softplus(), x);
            } catch (GradientCheck.GradientCheckException e) {
                throw new AssertionError("seed " + seed + ", input " + x, e);
            }
        }
    }

    @Test
    void gradientCheckPassesInsideAModel() {
        RandomState r = new RandomState(7);
        Sequential model = new Sequential(new Dense(3, 5, true, Initializer.xavierUniform(), r), new Softplus(),
                new Dense(5, 2, true, Initializer.xavierUniform(), r));
        GradientCheck.check(model, r.normal(0, 1, 6, 3));
        assertArrayEquals(new int[] {6, 2}, model.outputShape(6, 3));
    }

    @Test
    void valuesAreStableAtBothEnds() {
        Tensor y = new Softplus().forward(Tensor.vector(-1e4, -50, 0, 50, 1e4));
        assertEquals(0.0, y.get(0));
        assertEquals(Math.exp(-50), y.get(1), 1e-35);
        assertEquals(Math.log(2), y.get(2), 1e-16);
        assertEquals(50.0, y.get(3), 1e-14);
        assertEquals(1e4, y.get(4));
        Softplus s = new Softplus();
        s.forward(Tensor.vector(-1e4, 0, 1e4));
        assertEquals(Tensor.vector(0, 0.5, 1), s.backward(Tensor.vector(1, 1, 1)));
    }

    @Test
    void backwardNeedsForwardAndLeavesItsArgumentAlone() {
        Softplus s = new Softplus();
        assertEquals("Softplus(): backward called before forward",
                assertThrows(IllegalStateException.class, () -> s.backward(Tensor.zeros(2))).getMessage());
        Tensor x = Tensor.vector(-1, 2);
        Tensor g = Tensor.vector(3, 4);
        s.forward(x);
        Tensor dx = s.backward(g);
        assertEquals(Tensor.vector(-1, 2), x);
        assertEquals(Tensor.vector(3, 4), g);
        assertTrue(dx.allClose(Tensor.vector(3 * Tensor.sigmoid(-1), 4 * Tensor.sigmoid(2)), 1e-15, 0));
        assertEquals("Softplus() backward got gradient [3], expected [2]",
                assertThrows(IllegalArgumentException.class, () -> s.backward(Tensor.zeros(3))).getMessage());
        assertEquals("Softplus()", s.toString());
    }
}
