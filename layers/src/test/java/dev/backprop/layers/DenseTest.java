package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.Initializer;
import dev.backprop.core.Parameter;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.backprop.core.PropertyCheck.forAll;
import static dev.backprop.core.PropertyCheck.intBetween;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseTest {

    private static String message(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    /** A Dense layer with random weights and a random input, for the reference properties. */
    record Case(Dense layer, Tensor input, Tensor gradOutput) {
        static Case generate(RandomState r) {
            int batch = intBetween(r, 1, 8);
            int in = intBetween(r, 1, 10);
            int out = intBetween(r, 1, 10);
            Dense d = new Dense(in, out, PropertyCheck.bool(r), Initializer.normal(0, 1), r);
            return new Case(d, r.uniform(-3, 3, batch, in), r.normal(0, 1, batch, out));
        }
    }

    @Test
    void forwardEqualsANaiveTripleLoop() {
        forAll("forwardEqualsANaiveTripleLoop", 1000, 1000, Case::generate, c -> {
            Tensor x = c.input();
            Tensor w = c.layer().weight().value();
            int n = x.dim(0);
            int in = w.dim(0);
            int out = w.dim(1);
            Tensor expected = Tensor.zeros(n, out);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    double s = 0;
                    for (int p = 0; p < in; p++) {
                        s += x.get(i, p) * w.get(p, j);
                    }
                    expected.set(s + (c.layer().hasBias() ? c.layer().bias().value().get(j) : 0), i, j);
                }
            }
            Tensor got = c.layer().forward(x);
            assertTrue(got.allClose(expected, 1e-12, 1e-12), got + "\nvs\n" + expected);
        });
    }

    @Test
    void backwardEqualsNaiveLoops() {
        forAll("backwardEqualsNaiveLoops", 1000, 2000, Case::generate, c -> {
            Tensor x = c.input();
            Tensor g = c.gradOutput();
            Tensor w = c.layer().weight().value();
            int n = x.dim(0);
            int in = w.dim(0);
            int out = w.dim(1);
            Tensor dw = Tensor.zeros(in, out);
            Tensor db = Tensor.zeros(out);
            Tensor dx = Tensor.zeros(n, in);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    db.set(db.get(j) + g.get(i, j), j);
                    for (int p = 0; p < in; p++) {
                        dw.set(dw.get(p, j) + x.get(i, p) * g.get(i, j), p, j);
                        dx.set(dx.get(i, p) + g.get(i, j) * w.get(p, j), i, p);
                    }
                }
            }
            c.layer().forward(x);
            Tensor gotDx = c.layer().backward(g);
            assertTrue(gotDx.allClose(dx, 1e-12, 1e-12), "dX = G W^T");
            assertTrue(c.layer().weight().grad().allClose(dw, 1e-12, 1e-12), "dW = X^T G");
            if (c.layer().hasBias()) {
                assertTrue(c.layer().bias().grad().allClose(db, 1e-12, 1e-12), "db = column sums of G");
            }
        });
    }

    @Test
    void forwardByHand() {
        Dense d = new Dense(2, 3, true);
        d.weight().value().copyFrom(Tensor.fromRows(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
        d.bias().value().copyFrom(Tensor.vector(0.5, -0.5, 0));
        Tensor x = Tensor.fromRows(new double[] {1, 1}, new double[] {2, 0});
        assertEquals(Tensor.fromRows(new double[] {5.5, 6.5, 9}, new double[] {2.5, 3.5, 6}), d.forward(x));
        d.backward(Tensor.fromRows(new double[] {1, 0, 0}, new double[] {0, 0, 1}));
        assertEquals(Tensor.fromRows(new double[] {1, 0, 2}, new double[] {1, 0, 0}), d.weight().grad());
        assertEquals(Tensor.vector(1, 0, 1), d.bias().grad());
    }

    @Test
    void constructionIsApartFromInitialisation() {
        Dense d = new Dense(3, 2, true);
        assertEquals(Tensor.zeros(3, 2), d.weight().value());
        assertEquals(Tensor.zeros(2), d.bias().value());
        assertEquals(List.of(d.weight(), d.bias()), d.parameters());
        assertEquals("weight", d.weight().name());
        assertEquals("bias", d.bias().name());
    }

    @Test
    void initialisedFromARandomStateWeightFirstThenBias() {
        Dense d = new Dense(784, 21, true, Initializer.uniform(-0.5, 0.5), new RandomState(0));
        RandomState numpy = new RandomState(0);
        assertEquals(numpy.rand(784, 21).add(-0.5), d.weight().value(), "np.random.rand(784, 21) - 0.5");
        assertEquals(numpy.rand(21).add(-0.5), d.bias().value());
    }

    /** The lesson draws W1, then W2, then b1: reset and the initializers reproduce any such order. */
    @Test
    void theLessonsInitialisationOrder() {
        Dense hidden = new Dense(784, 21, true);
        Dense output = new Dense(21, 1, false);
        RandomState r = new RandomState(0);
        Initializer u = Initializer.uniform(-0.5, 0.5);
        u.initialize(hidden.weight().value(), r);
        output.reset(u, u, r);
        u.initialize(hidden.bias().value(), r);
        RandomState numpy = new RandomState(0);
        assertEquals(numpy.rand(784, 21).add(-0.5), hidden.weight().value());
        assertEquals(numpy.rand(21, 1).add(-0.5), output.weight().value());
        assertEquals(numpy.rand(21).add(-0.5), hidden.bias().value());
    }

    @Test
    void resetUsesBothInitializersAndKeepsTheGradients() {
        Dense d = new Dense(2, 2, true);
        d.weight().grad().fill(3);
        d.reset(Initializer.constant(1), Initializer.constant(-1), new RandomState(0));
        assertEquals(Tensor.filled(1, 2, 2), d.weight().value());
        assertEquals(Tensor.filled(-1, 2), d.bias().value());
        assertEquals(Tensor.filled(3, 2, 2), d.weight().grad());
        assertEquals("Dense(2 -> 2, bias).reset: initializers and random state must not be null (got zeros, null, RandomState(MT19937, position 624))",
                message(() -> d.reset(Initializer.zeros(), null, new RandomState(0))));
    }

    @Test
    void withoutBias() {
        Dense d = new Dense(21, 1, false);
        assertFalse(d.hasBias());
        assertEquals(List.of(d.weight()), d.parameters());
        IllegalStateException e = assertThrows(IllegalStateException.class, d::bias);
        assertEquals("Dense(21 -> 1, no bias) has no bias", e.getMessage());
        assertEquals("Dense(21 -> 1, no bias)", d.toString());
        assertEquals("Dense(784 -> 21, bias)", new Dense(784, 21, true).toString());
    }

    @Test
    void badSizesAndShapesNameTheValue() {
        assertEquals("Invalid Dense input size: 0 (must be >= 1)", message(() -> new Dense(0, 3, true)));
        assertEquals("Invalid Dense output size: -2 (must be >= 1)", message(() -> new Dense(3, -2, true)));
        Dense d = new Dense(784, 21, true);
        assertEquals("Dense(784 -> 21) got input [64, 783]", message(() -> d.forward(Tensor.zeros(64, 783))));
        assertEquals("Dense(784 -> 21) got input [784]", message(() -> d.forward(Tensor.zeros(784))));
        assertEquals("Dense(784 -> 21) got input [2, 28, 28]", message(() -> d.outputShape(2, 28, 28)));
        assertArrayEquals(new int[] {64, 21}, d.outputShape(64, 784));
        assertEquals("Dense(784 -> 21, bias): rows [8, 12) of input [10, 784] (expected 0 <= from <= to <= 10)",
                message(() -> d.forwardRows(Tensor.zeros(10, 784), 8, 12)));
        assertEquals("Dense(784 -> 21, bias): rows [3, 2) of input [10, 784] (expected 0 <= from <= to <= 10)",
                message(() -> d.forwardRows(Tensor.zeros(10, 784), 3, 2)));
        assertEquals("Dense(784 -> 21) got input [10, 783]", message(() -> d.forwardRows(Tensor.zeros(10, 783), 0, 2)));
        d.forward(Tensor.zeros(4, 784));
        assertEquals("Dense(784 -> 21, bias) backward got gradient [4, 20], expected [4, 21]",
                message(() -> d.backward(Tensor.zeros(4, 20))));
    }

    @Test
    void nullArgumentsNameTheLayerAndTheArgument() {
        Dense d = new Dense(3, 2, true);
        assertEquals("Dense(3 -> 2, bias) forward: input is null (expected a tensor)", message(() -> d.forward(null)));
        assertEquals("Dense(3 -> 2, bias) forwardRows: input is null (expected a tensor)",
                message(() -> d.forwardRows(null, 0, 1)));
        assertEquals("Dense(3 -> 2, bias) forwardRows: input is null (expected a tensor)",
                message(() -> d.forwardRows(null, new int[] {0})));
        d.forward(Tensor.zeros(4, 3));
        assertEquals("Dense(3 -> 2, bias) backward got gradient null, expected [4, 2]", message(() -> d.backward(null)));
        assertEquals("Dense(3 -> 2, bias) backward got gradient null, expected [4, 2]",
                message(() -> d.backwardToParameters(null)));
    }

    @Test
    void backwardBeforeForward() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Dense(3, 2, true).backward(Tensor.zeros(1, 2)));
        assertEquals("Dense(3 -> 2, bias): backward called before forward", e.getMessage());
    }

    /**
     * Freezing is the optimizers' business (they never touch a frozen parameter, as
     * AbstractOptimizerTest checks): backward still fills a frozen bias's gradient.
     */
    @Test
    void backwardStillAccumulatesTheGradientOfAFrozenBias() {
        Dense d = new Dense(2, 2, true);
        Parameter b = d.bias().setTrainable(false);
        d.forward(Tensor.filled(1, 3, 2));
        d.backward(Tensor.filled(1, 3, 2));
        assertSame(b, d.bias());
        assertFalse(d.bias().trainable());
        assertEquals(Tensor.filled(3, 2), d.bias().grad(), "freezing is the optimizer's business");
    }

    /**
     * A replica writes its outputs and input gradients into the same tensors call after call,
     * overwriting them (a bias included); the layer itself returns new ones.
     */
    @Test
    void aReplicaReusesItsResultsAndTheLayerDoesNot() {
        RandomState r = new RandomState(11);
        Dense layer = new Dense(5, 3, true, Initializer.normal(0, 1), r);
        Dense replica = (Dense) layer.replica().orElseThrow();
        Tensor x = r.uniform(-1, 1, 4, 5);
        Tensor g = r.normal(0, 1, 4, 3);
        Tensor y = replica.forward(x);
        Tensor dx = replica.backward(g);
        Tensor x2 = r.uniform(-1, 1, 4, 5);
        assertSame(y, replica.forward(x2));
        assertSame(dx, replica.backward(g.mul(3.0)));
        assertEquals(layer.forward(x2), y);
        assertEquals(layer.backward(g.mul(3.0)), dx);
        assertSame(y, replica.forwardRows(x2, 0, 4));
        assertNotSame(layer.forward(x), layer.forward(x));
    }
}
