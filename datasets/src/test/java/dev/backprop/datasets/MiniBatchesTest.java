package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiniBatchesTest {

    /** Row i of x is (i, -i); y is i / 10. */
    static Tensor x(int n) {
        double[] d = new double[2 * n];
        for (int i = 0; i < n; i++) {
            d[2 * i] = i;
            d[2 * i + 1] = -i;
        }
        return Tensor.wrap(d, n, 2);
    }

    static Tensor y(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i / 10.0;
        }
        return Tensor.wrap(d, n, 1);
    }

    @Test
    void shuffledCoversEveryRowOncePerEpochInPermutationOrder() {
        MiniBatches batches = MiniBatches.shuffled(x(10), y(10), 4, false, new RandomState(7));
        assertEquals(3, batches.batchesPerEpoch());
        List<int[]> seen = new ArrayList<>();
        for (Batch b : batches) {
            seen.add(b.indices());
            for (int r = 0; r < b.size(); r++) {
                int i = b.indices()[r];
                assertEquals(i, b.x().get(r, 0));
                assertEquals(-i, b.x().get(r, 1));
                assertEquals(i / 10.0, b.y().get(r, 0));
            }
        }
        // np.random.seed(7); np.random.permutation(10) = [8 5 0 2 1 9 7 3 6 4]
        assertArrayEquals(new int[] {8, 5, 0, 2}, seen.get(0));
        assertArrayEquals(new int[] {1, 9, 7, 3}, seen.get(1));
        assertArrayEquals(new int[] {6, 4}, seen.get(2), "the last partial batch is kept");
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        MiniBatches batches = MiniBatches.shuffled(x(10), y(10), 4, true, new RandomState(7));
        List<Integer> sizes = new ArrayList<>();
        batches.forEach(b -> sizes.add(b.size()));
        assertEquals(List.of(4, 4), sizes);
        assertEquals("MiniBatches(shuffled, drop last, 10 rows, batch 4, 2 batches per epoch)", batches.toString());
    }

    @Test
    void eachEpochDrawsANewPermutationDeterministically() {
        RandomState expected = new RandomState(3);
        int[] first = expected.permutation(10);
        int[] second = expected.permutation(10);
        MiniBatches batches = MiniBatches.shuffled(x(10), y(10), 10, false, new RandomState(3));
        assertArrayEquals(first, batches.iterator().next().indices());
        assertArrayEquals(second, batches.iterator().next().indices());
    }

    @Test
    void withReplacementIsTheLessonsRandint() {
        // np.random.seed(1); np.random.randint(0, 48000, 64)[:8]
        MiniBatches batches = MiniBatches.withReplacement(x(48000), y(48000), 64, new RandomState(1));
        assertEquals(750, batches.batchesPerEpoch(), "int(48000 / 64)");
        Batch first = batches.iterator().next();
        assertArrayEquals(new int[] {33003, 12172, 5192, 32511, 43723, 7813, 21440, 32912},
                Arrays.copyOf(first.indices(), 8));
        assertEquals(64, first.size());
        assertEquals(10119, first.indices()[63]);
        assertEquals(1011.9, first.y().get(63, 0), 1e-12);
        int count = 0;
        for (Batch b : batches) {
            count++;
        }
        assertEquals(750, count);
    }

    @Test
    void badSettings() {
        assertEquals("Invalid batch size: 0 (must be >= 1)", assertThrows(IllegalArgumentException.class,
                () -> MiniBatches.shuffled(x(4), y(4), 0, false, new RandomState(0))).getMessage());
        assertEquals("x and y must have the same number of rows, got [4, 2] and [3, 1]",
                assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.shuffled(x(4), y(3), 2, false, new RandomState(0))).getMessage());
        assertEquals("No batch: 4 rows, batch size 5, last partial batch dropped", assertThrows(IllegalArgumentException.class,
                () -> MiniBatches.shuffled(x(4), y(4), 5, true, new RandomState(0))).getMessage());
        assertEquals("Invalid batches per epoch: 0 (must be >= 1; int(n / batchSize) is 0 when the batch size 5 exceeds"
                + " the 4 rows)", assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.withReplacement(x(4), y(4), 5, new RandomState(0))).getMessage());
    }
}
