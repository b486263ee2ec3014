package dev.backprop.layers;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values, derivatives, stability and messages of the element-wise activations. */
class ActivationsTest {

    private static final Tensor X = Tensor.vector(-2, -0.5, 0, 0.5, 2);
    private static final Tensor ONES = Tensor.filled(1, 5);

    private static Tensor derivative(Layer layer, Tensor x) {
        layer.forward(x);
        return layer.backward(Tensor.filled(1, x.shape()));
    }

    @Test
    void sigmoidAndItsDerivativeFromTheOutput() {
        Sigmoid s = new Sigmoid();
        Tensor y = s.forward(X);
        for (int i = 0; i < 5; i++) {
            double x = X.get(i);
            assertEquals(1 / (1 + Math.exp(-x)), y.get(i), 1e-16);
        }
        assertEquals(0.5, y.get(2));
        Tensor d = s.backward(ONES);
        assertEquals(0.25, d.get(2));
        assertEquals(y.get(0) * (1 - y.get(0)), d.get(0));
    }

    @Test
    void sigmoidNeverOverflowsOrGivesNaN() {
        Tensor z = Tensor.vector(-1e4, -800, -40, 40, 800, 1e4);
        Sigmoid s = new Sigmoid();
        Tensor y = s.forward(z);
        assertEquals(Tensor.vector(0, 0, Math.exp(-40) / (1 + Math.exp(-40)), 1 / (1 + Math.exp(-40)), 1, 1), y);
        Tensor d = s.backward(Tensor.filled(1, 6));
        for (double v : d.data()) {
            assertTrue(Double.isFinite(v) && v >= 0, d.toString());
        }
        assertEquals(0.0, d.get(0));
        assertEquals(0.0, d.get(5));
    }

    @Test
    void tanhAndItsDerivative() {
        Tanh t = new Tanh();
        Tensor y = t.forward(X);
        assertEquals(Math.tanh(-0.5), y.get(1));
        Tensor d = t.backward(ONES);
        assertEquals(1 - Math.tanh(2) * Math.tanh(2), d.get(4));
        assertEquals(1.0, d.get(2));
        assertEquals(Tensor.vector(-1, 1), new Tanh().forward(Tensor.vector(-1e4, 1e4)));
    }

    @Test
    void reluAndItsDerivative() {
        assertEquals(Tensor.vector(0, 0, 0, 0.5, 2), new ReLU().forward(X));
        assertEquals(Tensor.vector(0, 0, 0, 1, 1), derivative(new ReLU(), X), "0 at the kink, as PyTorch");
    }

    /**
     * relu(NaN) is NaN, as in PyTorch, so that a diverging run shows; the backward passes the
     * gradient there, as PyTorch's threshold_backward (0 only where the output is <= 0).
     */
    @Test
    void reluPassesNaNThrough() {
        Tensor x = Tensor.vector(Double.NaN, -1, 0, 2);
        for (Layer relu : new Layer[] {new ReLU(), new ReLU().replica().orElseThrow()}) {
            Tensor y = relu.forward(x);
            assertTrue(Double.isNaN(y.get(0)), y.toString());
            assertEquals(Tensor.vector(0, 0, 2), y.sliceRows(1, 4));
            assertEquals(Tensor.vector(3, 0, 0, 3), relu.backward(Tensor.filled(3, 4)));
        }
        Tensor leaky = new LeakyReLU(0.1).forward(x);
        assertTrue(Double.isNaN(leaky.get(0)), leaky.toString());
    }

    @Test
    void leakyReluAndItsDerivative() {
        LeakyReLU l = new LeakyReLU(0.1);
        assertEquals(Tensor.vector(-0.2, -0.05, 0, 0.5, 2), l.forward(X));
        assertEquals(Tensor.vector(0.1, 0.1, 0.1, 1, 1), l.backward(ONES));
        assertEquals(0.1, l.alpha());
        // Equal values (LeakyReLU(0) gives -0.0 where ReLU gives 0.0, as numpy's 0 * x would).
        assertTrue(new LeakyReLU(0).forward(X).allClose(new ReLU().forward(X), 0, 0));
        assertEquals(derivative(new ReLU(), X), derivative(new LeakyReLU(0), X));
    }

    @Test
    void leakyReluRejectsABadAlpha() {
        for (double alpha : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(alpha));
            assertEquals("Invalid LeakyReLU alpha: " + alpha + " (must be finite and >= 0)", e.getMessage());
        }
    }

    @Test
    void identityPassesItsArgumentsThrough() {
        Identity id = new Identity();
        assertSame(X, id.forward(X));
        assertSame(ONES, id.backward(ONES));
    }

    @Test
    void activationsWorkOnAnyShape() {
        Tensor x = new dev.backprop.core.RandomState(0).normal(0, 1, 2, 3, 4);
        for (Layer layer : new Layer[] {new Sigmoid(), new Tanh(), new ReLU(), new LeakyReLU(0.01), new Identity()}) {
            assertArrayEquals(new int[] {2, 3, 4}, layer.forward(x).shape(), layer.toString());
            assertArrayEquals(new int[] {2, 3, 4}, layer.backward(x).shape(), layer.toString());
            assertArrayEquals(new int[] {5, 7}, layer.outputShape(5, 7), layer.toString());
        }
    }

    @Test
    void namesAndMessages() {
        assertEquals("Sigmoid()", new Sigmoid().toString());
        assertEquals("Tanh()", new Tanh().toString());
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("LeakyReLU(alpha=0.01)", new LeakyReLU(0.01).toString());
        assertEquals("Identity()", new Identity().toString());
        Sigmoid s = new Sigmoid();
        assertEquals("Sigmoid(): backward called before forward",
                assertThrows(IllegalStateException.class, () -> s.backward(ONES)).getMessage());
        s.forward(X);
        assertEquals("Sigmoid() backward got gradient [4], expected [5]",
                assertThrows(IllegalArgumentException.class, () -> s.backward(Tensor.zeros(4))).getMessage());
    }

    @Test
    void nullArgumentsNameTheLayerAndTheArgument() {
        assertEquals("Sigmoid() forward: input is null (expected a tensor)",
                assertThrows(IllegalArgumentException.class, () -> new Sigmoid().forward(null)).getMessage());
        assertEquals("LeakyReLU(alpha=0.01) forwardRows: input is null (expected a tensor)",
                assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(0.01).forwardRows(null, 0, 1)).getMessage());
        assertEquals("Tanh() forwardRows: input is null (expected a tensor)",
                assertThrows(IllegalArgumentException.class, () -> new Tanh().forwardRows(null, new int[] {0})).getMessage());
        assertEquals("Identity() forward: input is null (expected a tensor)",
                assertThrows(IllegalArgumentException.class, () -> new Identity().forward(null)).getMessage());
        Identity id = new Identity();
        id.forward(X);
        assertEquals("Identity() backward got gradient null, expected [5]",
                assertThrows(IllegalArgumentException.class, () -> id.backward(null)).getMessage());
        ReLU relu = new ReLU();
        relu.forward(X);
        assertEquals("ReLU() backward got gradient null, expected [5]",
                assertThrows(IllegalArgumentException.class, () -> relu.backward(null)).getMessage());
    }

    /** The sigmoid's whole-tensor form (the Vector API kernels in CI) equals its value-by-value one. */
    @Test
    void sigmoidForwardEqualsItsScalarFormBitForBit() {
        Tensor x = dev.backprop.core.PropertyCheck.uniform(new dev.backprop.core.RandomState(3), -40, 40, 37, 21);
        Tensor y = new Sigmoid().forward(x);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(Tensor.sigmoid(x.data()[i]), y.data()[i], 0.0);
        }
        Tensor z = new Sigmoid().replica().orElseThrow().forward(x);
        assertArrayEquals(y.data(), z.data(), 0.0);
    }

    /** A replica writes its results into the same tensors call after call; the layer itself returns new ones. */
    @Test
    void aReplicaReusesItsResultsAndTheLayerDoesNot() {
        Layer sigmoid = new Sigmoid();
        Layer replica = sigmoid.replica().orElseThrow();
        Tensor y = replica.forward(X);
        Tensor dx = replica.backward(X);
        Tensor x2 = X.mul(2.0);
        assertSame(y, replica.forward(x2));
        assertSame(dx, replica.backward(X));
        assertArrayEquals(sigmoid.forward(x2).data(), y.data(), 0.0);
        assertNotSame(sigmoid.forward(X), sigmoid.forward(X));
        Tensor x3 = Tensor.vector(1, 2, 3);   // another shape: another tensor
        assertNotSame(y, replica.forward(x3));
        assertSame(y, replica.forward(X));     // the two shapes a run of blocks has are both kept
    }
}
