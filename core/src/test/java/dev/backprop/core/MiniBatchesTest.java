package dev.backprop.core;

import static dev.backprop.core.PropertyCheck.bool;
import static dev.backprop.core.PropertyCheck.forAll;
import static dev.backprop.core.PropertyCheck.intBetween;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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

    /** The batch holds the rows its indices name. */
    private static void assertRowsMatchIndices(Batch b) {
        assertEquals(b.size(), b.x().dim(0));
        assertEquals(b.size(), b.y().dim(0));
        for (int r = 0; r < b.size(); r++) {
            int i = b.indices()[r];
            assertEquals(i, b.x().get(r, 0));
            assertEquals(-i, b.x().get(r, 1));
            assertEquals(i / 10.0, b.y().get(r, 0));
        }
    }

    /**
     * A batch's inputs are copied out when {@code x()} is first called, and again after the next
     * draw: until then the batch names the data they come from, which is how {@link RowBlocks}
     * reads them in place. A full batch is the data itself.
     */
    @Test
    void inputsAreCopiedWhenFirstAskedFor() {
        Tensor x = x(50);
        Iterator<Batch> it = MiniBatches.withReplacement(x, y(50), 8, new RandomState(3)).iterator();
        Batch b = it.next();
        assertSame(x, b.uncopiedSource(), "drawn, not copied yet");
        assertRowsMatchIndices(b);
        assertNull(b.uncopiedSource(), "copied by x()");
        assertSame(b, it.next());
        assertSame(x, b.uncopiedSource(), "the next draw makes the copy stale");
        assertRowsMatchIndices(b);
        Batch shuffled = MiniBatches.shuffled(x, y(50), 8, false, new RandomState(4)).iterator().next();
        assertSame(x, shuffled.uncopiedSource());
        assertRowsMatchIndices(shuffled);
        Batch whole = MiniBatches.fullBatch(x, y(50)).iterator().next();
        assertNull(whole.uncopiedSource(), "a full batch is the data");
        assertSame(x, whole.x());
        assertNull(new Batch(x(2), y(2), new int[] {0, 1}).uncopiedSource(), "a batch given its rows");
    }

    @Test
    void shuffledCoversEveryRowOncePerEpochInPermutationOrder() {
        MiniBatches batches = MiniBatches.shuffled(x(10), y(10), 4, false, new RandomState(7));
        assertEquals(3, batches.batchesPerEpoch());
        List<int[]> seen = new ArrayList<>();
        for (Batch b : batches) {
            seen.add(b.indices().clone());
            assertRowsMatchIndices(b);
        }
        // np.random.seed(7); np.random.permutation(10) = [8 5 0 2 1 9 7 3 6 4]
        assertArrayEquals(new int[] {8, 5, 0, 2}, seen.get(0));
        assertArrayEquals(new int[] {1, 9, 7, 3}, seen.get(1));
        assertArrayEquals(new int[] {6, 4}, seen.get(2), "the last partial batch is kept");
        assertEquals("MiniBatches(shuffled, keep last, 10 rows, batch 4, 3 batches per epoch)", batches.toString());
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
    void shuffledEpochsAreThePermutationCutInOrder() {
        forAll("shuffled epoch = permutation(n) cut in order", 1000, 1L,
                r -> {
                    int n = intBetween(r, 1, 12);
                    boolean dropLast = bool(r);
                    // dropping the last batch of a batch size above n leaves none: badSettings pins that error
                    int batchSize = intBetween(r, 1, dropLast ? n : n + 2);
                    return List.of(n, batchSize, dropLast, intBetween(r, 0, 1000));
                },
                c -> {
                    int n = (Integer) c.get(0);
                    int batchSize = (Integer) c.get(1);
                    boolean dropLast = (Boolean) c.get(2);
                    RandomState expected = new RandomState((Integer) c.get(3));
                    MiniBatches batches = MiniBatches.shuffled(x(n), y(n), batchSize, dropLast,
                            new RandomState((Integer) c.get(3)));
                    for (int epoch = 0; epoch < 2; epoch++) {
                        int[] p = expected.permutation(n);
                        int used = dropLast ? n - n % batchSize : n;
                        int[] drawn = new int[0];
                        int count = 0;
                        for (Batch b : batches) {
                            assertRowsMatchIndices(b);
                            assertEquals(Math.min(batchSize, used - drawn.length), b.size());
                            drawn = concat(drawn, b.indices());
                            count++;
                        }
                        assertEquals(batches.batchesPerEpoch(), count);
                        assertArrayEquals(Arrays.copyOf(p, used), drawn);
                    }
                });
    }

    @Test
    void aShuffledBatchSizeAboveTheRowCountGivesOneBatchOfAllRows() {
        // buffers of min(batchSize, n) rows: a buffer of Integer.MAX_VALUE rows cannot be allocated
        for (int batchSize : new int[] {11, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
            RandomState expected = new RandomState(7);
            MiniBatches batches = MiniBatches.shuffled(x(10), y(10), batchSize, false, new RandomState(7));
            assertEquals(1, batches.batchesPerEpoch(), "batch size " + batchSize);
            for (int epoch = 0; epoch < 2; epoch++) {
                Iterator<Batch> it = batches.iterator();
                Batch b = it.next();
                assertArrayEquals(expected.permutation(10), b.indices(), "batch size " + batchSize);
                assertRowsMatchIndices(b);
                assertFalse(it.hasNext());
            }
        }
        assertEquals("Invalid batches per epoch: 0 (must be >= 1; int(n / batchSize) is 0 when the batch size "
                + Integer.MAX_VALUE + " exceeds the 10 rows)", assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.withReplacement(x(10), y(10), Integer.MAX_VALUE, new RandomState(0)))
                .getMessage());
    }

    @Test
    void stepsPerEpochDoNotOverflow() {
        int max = Integer.MAX_VALUE;
        assertEquals(1, Batching.SHUFFLED.stepsPerEpoch(10, max));
        assertEquals(1, Batching.SHUFFLED.stepsPerEpoch(max, max));
        assertEquals(2, Batching.SHUFFLED.stepsPerEpoch(max, max - 1));
        assertEquals(max, Batching.SHUFFLED.stepsPerEpoch(max, 1));
        assertEquals(3, Batching.SHUFFLED.stepsPerEpoch(10, 4));
        assertEquals(2, Batching.SHUFFLED.stepsPerEpoch(10, 5));
        assertEquals(0, Batching.WITH_REPLACEMENT.stepsPerEpoch(10, max));
        assertEquals(1, Batching.WITH_REPLACEMENT.stepsPerEpoch(max, max));
        assertEquals(1, Batching.FULL_BATCH.stepsPerEpoch(max, max));
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
        assertEquals("MiniBatches(with replacement, 48000 rows, batch 64, 750 batches per epoch)", batches.toString());
    }

    @Test
    void withReplacementDrawsEachBatchWhenItIsTaken() {
        RandomState expected = new RandomState(5);
        RandomState random = new RandomState(5);
        MiniBatches batches = MiniBatches.withReplacement(x(10), y(10), 3, 4, random);
        assertEquals(4, batches.batchesPerEpoch());
        for (int epoch = 0; epoch < 2; epoch++) {
            Iterator<Batch> it = batches.iterator();
            for (int k = 0; k < 4; k++) {
                // the lesson draws idx at the top of each batch's step, interleaved with anything else
                // drawing from the same RandomState: here one draw between batches
                assertEquals(expected.randint(0, 100), random.randint(0, 100));
                Batch b = it.next();
                assertArrayEquals(expected.randint(0, 10, 3), b.indices(), "epoch " + epoch + ", batch " + k);
                assertRowsMatchIndices(b);
            }
            assertFalse(it.hasNext());
        }
    }

    @Test
    void fullBatchIsTheDataItselfOncePerEpoch() {
        Tensor x = x(5);
        Tensor y = y(5);
        MiniBatches batches = MiniBatches.fullBatch(x, y);
        assertEquals(Batching.FULL_BATCH, batches.batching());
        assertEquals(1, batches.batchesPerEpoch());
        assertEquals(5, batches.batchSize());
        for (int epoch = 0; epoch < 2; epoch++) {
            Iterator<Batch> it = batches.iterator();
            Batch b = it.next();
            assertSame(x, b.x());
            assertSame(y, b.y());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, b.indices());
            assertFalse(it.hasNext());
        }
        assertEquals("MiniBatches(full batch, 5 rows, batch 5, 1 batch per epoch)", batches.toString());
    }

    @Test
    void batchesReuseTheirTensorsSoTheNextBatchOverwritesThem() {
        MiniBatches batches = MiniBatches.shuffled(x(10), y(10), 4, false, new RandomState(7));
        Iterator<Batch> it = batches.iterator();
        Batch first = it.next();
        Tensor kept = first.x().copy();
        Batch second = it.next();
        assertSame(first.x(), second.x(), "one buffer for every full-size batch");
        assertSame(first.y(), second.y());
        assertSame(first.indices(), second.indices());
        assertArrayEquals(new int[] {1, 9, 7, 3}, first.indices(), "the first batch now shows the second's rows");
        assertEquals(Tensor.fromRows(new double[][] {{8, -8}, {5, -5}, {0, 0}, {2, -2}}), kept, "a copy is kept");
        Batch last = it.next();
        assertEquals(2, last.size());
        Iterator<Batch> nextEpoch = batches.iterator();
        assertSame(first.x(), nextEpoch.next().x(), "and across epochs");
        nextEpoch.next();
        assertSame(last.x(), nextEpoch.next().x(), "the smaller last batch has its own buffers");
    }

    @Test
    void ofFollowsTheTrainersBatching() {
        RandomState seven = new RandomState(7);
        assertEquals("MiniBatches(full batch, 10 rows, batch 10, 1 batch per epoch)",
                MiniBatches.of(x(10), y(10), Batching.FULL_BATCH, 0, null).toString());
        assertEquals("MiniBatches(shuffled, keep last, 10 rows, batch 4, 3 batches per epoch)",
                MiniBatches.of(x(10), y(10), Batching.SHUFFLED, 4, seven).toString());
        assertEquals("MiniBatches(with replacement, 10 rows, batch 4, 2 batches per epoch)",
                MiniBatches.of(x(10), y(10), Batching.WITH_REPLACEMENT, 4, seven).toString());
        assertEquals(Batching.WITH_REPLACEMENT, MiniBatches.of(x(10), y(10), Batching.WITH_REPLACEMENT, 4, seven).batching());
        assertEquals("FULL_BATCH uses the whole training set: got batch size 4 and null (expected 0 and null)",
                assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.of(x(10), y(10), Batching.FULL_BATCH, 4, null)).getMessage());
        assertEquals("Batching is null (expected FULL_BATCH, SHUFFLED or WITH_REPLACEMENT)",
                assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.of(x(10), y(10), null, 4, seven)).getMessage());
    }

    @Test
    void oneEpochAtATime() {
        MiniBatches batches = MiniBatches.shuffled(x(10), y(10), 4, false, new RandomState(7));
        Iterator<Batch> first = batches.iterator();
        first.next();
        Iterator<Batch> second = batches.iterator();
        assertEquals("Batch 2 of epoch 1 asked after epoch 2 started: batches share their buffers, take one epoch at a"
                + " time", assertThrows(ConcurrentModificationException.class, first::next).getMessage());
        second.next();
        second.next();
        second.next();
        assertFalse(second.hasNext());
        assertEquals("Epoch over after 3 batches",
                assertThrows(NoSuchElementException.class, second::next).getMessage());
    }

    @Test
    void badSettings() {
        assertEquals("Invalid batch size: 0 (must be >= 1)", assertThrows(IllegalArgumentException.class,
                () -> MiniBatches.shuffled(x(4), y(4), 0, false, new RandomState(0))).getMessage());
        assertEquals("Invalid batch size: -1 (must be >= 1)", assertThrows(IllegalArgumentException.class,
                () -> MiniBatches.withReplacement(x(4), y(4), -1, new RandomState(0))).getMessage());
        assertEquals("x and y must have the same number of rows, got [4, 2] and [3, 1]",
                assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.shuffled(x(4), y(3), 2, false, new RandomState(0))).getMessage());
        assertEquals("x and y must have the same number of rows, got null and [4, 1]",
                assertThrows(IllegalArgumentException.class, () -> MiniBatches.fullBatch(null, y(4))).getMessage());
        assertEquals("x and y must have the same number of rows, got [4, 2] and []",
                assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.fullBatch(x(4), Tensor.scalar(1))).getMessage());
        assertEquals("No rows to batch: x is [0, 2]", assertThrows(IllegalArgumentException.class,
                () -> MiniBatches.fullBatch(Tensor.zeros(0, 2), Tensor.zeros(0, 1))).getMessage());
        assertEquals("SHUFFLED batches need a RandomState (got null)", assertThrows(IllegalArgumentException.class,
                () -> MiniBatches.shuffled(x(4), y(4), 2, false, null)).getMessage());
        assertEquals("WITH_REPLACEMENT batches need a RandomState (got null)",
                assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.withReplacement(x(4), y(4), 2, 3, null)).getMessage());
        assertEquals("No batch: 4 rows, batch size 5, last partial batch dropped", assertThrows(IllegalArgumentException.class,
                () -> MiniBatches.shuffled(x(4), y(4), 5, true, new RandomState(0))).getMessage());
        assertEquals("Invalid batches per epoch: 0 (must be >= 1; int(n / batchSize) is 0 when the batch size 5 exceeds"
                + " the 4 rows)", assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.withReplacement(x(4), y(4), 5, new RandomState(0))).getMessage());
        assertEquals("Invalid batches per epoch: -2 (must be >= 1; int(n / batchSize) is 0 when the batch size 2 exceeds"
                + " the 4 rows)", assertThrows(IllegalArgumentException.class,
                        () -> MiniBatches.withReplacement(x(4), y(4), 2, -2, new RandomState(0))).getMessage());
    }

    @Test
    void batchChecksItsRows() {
        assertEquals("Batch(2 rows, x [2, 2], y [2, 1])", new Batch(x(2), y(2), new int[] {0, 1}).toString());
        assertEquals("A batch of 3 indices needs as many rows of inputs and targets, got [2, 2] and [2, 1]",
                assertThrows(IllegalArgumentException.class, () -> new Batch(x(2), y(2), new int[3])).getMessage());
        assertEquals("A batch needs inputs, targets and indices, got [2, 2], null and 2 indices",
                assertThrows(IllegalArgumentException.class, () -> new Batch(x(2), null, new int[2])).getMessage());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
