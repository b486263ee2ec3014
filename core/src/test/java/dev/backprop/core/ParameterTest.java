package dev.backprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterTest {

    @Test
    void holdsItsValueAndAGradientOfTheSameShape() {
        Tensor value = Tensor.filled(1, 2, 3);
        Parameter p = new Parameter("weight", value);
        assertSame(value, p.value());
        assertEquals(Tensor.zeros(2, 3), p.grad());
        assertEquals(6, p.size());
        assertEquals("weight", p.name());
        p.grad().fill(4);
        p.zeroGrad();
        assertEquals(Tensor.zeros(2, 3), p.grad());
    }

    /** A gradient large enough to be cleared in ranges on the threads is cleared whole, on any thread count. */
    @Test
    void aLargeGradientIsClearedWhole() {
        int threads = Parallelism.threads();
        try {
            for (int t : new int[] {1, 2, 3}) {
                Parallelism.setThreads(t);
                Parameter p = new Parameter("weight", Tensor.zeros(784, 21));
                p.grad().fill(Double.NaN);
                p.zeroGrad();
                assertEquals(Tensor.zeros(784, 21), p.grad(), t + " threads");
            }
        } finally {
            Parallelism.setThreads(threads);
        }
    }

    @Test
    void canBeFrozen() {
        Parameter p = new Parameter("bias", Tensor.zeros(3));
        assertTrue(p.trainable());
        assertSame(p, p.setTrainable(false));
        assertFalse(p.trainable());
        assertEquals("Parameter(bias, [3], frozen)", p.toString());
        assertEquals("Parameter(bias, [3])", p.setTrainable(true).toString());
    }

    @Test
    void rejectsABlankNameOrNoValue() {
        assertEquals("Invalid parameter name: ' '",
                assertThrows(IllegalArgumentException.class, () -> new Parameter(" ", Tensor.zeros(1))).getMessage());
        assertEquals("Invalid parameter name: 'null'",
                assertThrows(IllegalArgumentException.class, () -> new Parameter(null, Tensor.zeros(1))).getMessage());
        assertEquals("Parameter 'w': value is null",
                assertThrows(IllegalArgumentException.class, () -> new Parameter("w", null)).getMessage());
    }
}
