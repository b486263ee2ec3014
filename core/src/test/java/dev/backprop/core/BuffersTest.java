package dev.backprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BuffersTest {

    @Test
    void theSameShapeGetsTheSameTensorWithItsValues() {
        Buffers buffers = new Buffers();
        Tensor t = buffers.get(3, 2);
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertEquals(0.0, t.sum(), 0.0);
        t.data()[4] = 7;
        assertSame(t, buffers.get(3, 2));
        assertEquals(7.0, buffers.get(3, 2).data()[4], 0.0);
    }

    /** A lane's full blocks and its shorter last one, in turn, allocate nothing after the first two. */
    @Test
    void twoShapesInTurnAreBothKept() {
        Buffers buffers = new Buffers();
        Tensor full = buffers.get(128, 21);
        Tensor last = buffers.get(96, 21);
        assertNotSame(full, last);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertSame(full, buffers.get(128, 21));
            assertSame(full, buffers.get(128, 21));
            assertSame(last, buffers.get(96, 21));
        }
    }

    @Test
    void aThirdShapeReplacesTheOneAskedForLeastRecently() {
        Buffers buffers = new Buffers();
        Tensor a = buffers.get(2, 2);
        Tensor b = buffers.get(4);
        Tensor c = buffers.get(2, 2, 1);   // keeps b and c; a is dropped
        assertSame(b, buffers.get(4));
        assertSame(c, buffers.get(2, 2, 1));
        assertNotSame(a, buffers.get(2, 2));
    }

    @Test
    void noneKeepsNothing() {
        Buffers none = Buffers.none();
        Tensor t = none.get(2, 3);
        t.data()[0] = 1;
        Tensor u = none.get(2, 3);
        assertNotSame(t, u);
        assertEquals(0.0, u.sum(), 0.0);
    }

    @Test
    void badShapesAreReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Buffers().get((int[]) null));
        assertEquals("Buffers.get needs a shape, got null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Buffers().get(2, -1));
    }
}
