package dev.backprop.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelismTest {

    private final int saved = Parallelism.threads();

    @AfterEach
    void restore() {
        Parallelism.setThreads(saved);
    }

    @Test
    void everyChunkRunsExactlyOnceWithItsBoundsForAnyThreadCount() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallelism.setThreads(threads);
            for (int n : new int[] {1, 7, 64, 1000}) {
                for (int chunk : new int[] {1, 3, 64}) {
                    int[] seen = new int[n];
                    List<int[]> bounds = java.util.Collections.synchronizedList(new ArrayList<>());
                    Parallelism.forChunks(n, chunk, true, (from, to) -> {
                        bounds.add(new int[] {from, to});
                        for (int i = from; i < to; i++) {
                            seen[i]++;
                        }
                        return 0;
                    });
                    int[] ones = new int[n];
                    java.util.Arrays.fill(ones, 1);
                    assertArrayEquals(ones, seen, threads + " threads, n " + n + ", chunk " + chunk);
                    assertEquals((n + chunk - 1) / chunk, bounds.size());
                    for (int[] b : bounds) {
                        assertEquals(0, b[0] % chunk);
                        assertEquals(Math.min(n, b[0] + chunk), b[1]);
                    }
                }
            }
        }
    }

    @Test
    void chunksRunOnSeveralThreadsIncludingTheCaller() throws InterruptedException {
        Parallelism.setThreads(2);
        // Each chunk waits until both have started: this finishes only if two threads run them.
        CountDownLatch bothStarted = new CountDownLatch(2);
        ConcurrentHashMap<String, Boolean> names = new ConcurrentHashMap<>();
        Parallelism.forChunks(2, 1, true, (from, to) -> {
            names.put(Thread.currentThread().getName(), true);
            bothStarted.countDown();
            await(bothStarted, "second thread never came");
            return 0;
        });
        assertEquals(2, names.size());
        assertTrue(names.containsKey(Thread.currentThread().getName()), "the caller works too: " + names.keySet());
    }

    /**
     * Chunks go to threads in runs ({@code [0, 2)} to the caller, {@code [2, 4)} to the worker),
     * and a chunk its thread does not start is run by another: here a chunk of the worker's run
     * waits for the other one, which the caller must then take. Either way round, each chunk
     * runs once and the call returns.
     */
    @Test
    void aChunkWhoseThreadIsBusyIsRunByAnother() {
        Parallelism.setThreads(2);
        for (int round = 0; round < 20; round++) {
            CountDownLatch thirdDone = new CountDownLatch(1);
            int[] seen = new int[4];
            Parallelism.forChunks(4, 1, true, (from, to) -> {
                seen[from]++;
                if (from == 2) {
                    await(thirdDone, "chunk 3 never ran");
                } else if (from == 3) {
                    thirdDone.countDown();
                }
                return 0;
            });
            assertArrayEquals(new int[] {1, 1, 1, 1}, seen, "round " + round);
        }
    }

    @Test
    void eachThreadHasARunOfConsecutiveChunksAndTheCallerOneWheneverThereAreAny() {
        assertArrayEquals(new int[] {0, 2, 4}, firsts(2, 4), "two threads, four chunks");
        assertArrayEquals(new int[] {0, 8, 16}, firsts(2, 16));
        assertArrayEquals(new int[] {0, 1, 1, 2, 2}, firsts(4, 2), "four threads, two chunks");
        assertArrayEquals(new int[] {0, 1, 2, 2}, firsts(3, 2));
        for (int lanes = 1; lanes <= 9; lanes++) {
            for (int count = 0; count <= 40; count++) {
                int[] f = firsts(lanes, count);
                String what = lanes + " threads, " + count + " chunks: " + java.util.Arrays.toString(f);
                assertEquals(0, f[0], what);
                assertEquals(count, f[lanes], what);
                for (int t = 0; t < lanes; t++) {
                    int size = f[t + 1] - f[t];
                    assertTrue(size == count / lanes || size == (count + lanes - 1) / lanes, what);
                }
                assertTrue(count == 0 || f[1] > 0, "the caller has a chunk: " + what);
            }
        }
    }

    private static int[] firsts(int lanes, int count) {
        int[] f = new int[lanes + 1];
        for (int t = 0; t <= lanes; t++) {
            f[t] = Parallelism.firstChunk(t, lanes, count);
        }
        return f;
    }

    /**
     * A thread runs its own chunks first, and another thread's only {@value Parallelism#STEAL_MICROS}
     * microseconds after its own are done. Here the worker's first chunk waits for its second,
     * so one of them is always taken by the caller. Only while the worker spins between jobs is
     * there a wait (a warm-up job just before sees to that); should it have parked all the same,
     * on a machine busy elsewhere, its chunks are taken at once, so most rounds, not all, must
     * show the wait.
     */
    @Test
    void aThreadTakesAnothersChunkOnlyAfterItsOwnAndAWait() throws InterruptedException {
        Parallelism.setThreads(2);
        int waited = 0;
        for (int round = 0; round < 10; round++) {
            // Warm-up: the caller's chunk waits for the worker to start the other, so the worker
            // is awake and spins for the next job (one it had to be woken for is not waited for).
            CountDownLatch workerIn = new CountDownLatch(1);
            Parallelism.forChunks(2, 1, true, (from, to) -> {
                if (from == 1) {
                    workerIn.countDown();
                } else {
                    await(workerIn, "the worker never came");
                }
                return 0;
            });
            CountDownLatch fourthStarted = new CountDownLatch(1);
            String[] thread = new String[4];
            long[] start = new long[4];
            long[] end = new long[4];
            long t0 = System.nanoTime();
            Parallelism.forChunks(4, 1, true, (from, to) -> {
                thread[from] = Thread.currentThread().getName();
                start[from] = System.nanoTime();
                if (from == 0) {
                    while (System.nanoTime() - start[0] < 200_000) {
                        Thread.onSpinWait();
                    }
                } else if (from == 2) {
                    await(fourthStarted, "chunk 3 never ran");
                } else if (from == 3) {
                    fourthStarted.countDown();
                }
                end[from] = System.nanoTime();
                return 0;
            });
            String caller = Thread.currentThread().getName();
            boolean ok = true;
            for (int c = 0; c < 4; c++) {
                String owner = c < 2 ? caller : "backprop-worker-1";
                if (thread[c].equals(owner)) {
                    continue;
                }
                long ownEnd = t0;   // the thief's own chunks: all done before, and 20 us since
                for (int d = 0; d < 4; d++) {
                    String dOwner = d < 2 ? caller : "backprop-worker-1";
                    if (dOwner.equals(thread[c]) && thread[d].equals(thread[c])) {
                        assertTrue(start[d] < start[c], "round " + round + ": chunk " + c + " of the other thread ran on "
                                + thread[c] + " before its own chunk " + d);
                        ownEnd = Math.max(ownEnd, end[d]);
                    }
                }
                ok &= start[c] - ownEnd >= Parallelism.STEAL_MICROS * 1_000;
            }
            waited += ok ? 1 : 0;
        }
        assertTrue(waited >= 6, "a thread waited before taking another's chunk in " + waited + " rounds of 10");
    }

    @Test
    void aRangeRunAloneIsOneCallAndSharedInChunks() {
        Parallelism.setThreads(1);
        List<int[]> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        Parallelism.forRange(100, 16, true, (from, to) -> calls.add(new int[] {from, to}) ? 0 : 0);
        assertEquals(1, calls.size());
        assertArrayEquals(new int[] {0, 100}, calls.get(0));

        Parallelism.setThreads(2);
        calls.clear();
        Parallelism.forRange(100, 16, true, (from, to) -> calls.add(new int[] {from, to}) ? 0 : 0);
        assertEquals(7, calls.size());
        calls.clear();
        Parallelism.forRange(100, 16, false, (from, to) -> calls.add(new int[] {from, to}) ? 0 : 0);
        assertEquals(1, calls.size(), "not worthwhile: one call");
    }

    /**
     * An element-wise loop covers {@code [0, n)} exactly once: in one call below
     * {@link Parallelism#ELEMENTWISE_PARALLEL} elements (or on one thread), in four ranges of
     * whole multiples of 8 from there.
     */
    @Test
    void anElementwiseLoopCoversEveryElementOnce() {
        for (int threads : new int[] {1, 2, 3}) {
            Parallelism.setThreads(threads);
            for (int n : new int[] {0, 1, 21, Parallelism.ELEMENTWISE_PARALLEL - 1, Parallelism.ELEMENTWISE_PARALLEL,
                    16_464, 100_003}) {
                int[] seen = new int[n];
                List<int[]> calls = java.util.Collections.synchronizedList(new ArrayList<>());
                Parallelism.elementwise(n, (from, to) -> {
                    calls.add(new int[] {from, to});
                    for (int i = from; i < to; i++) {
                        seen[i]++;
                    }
                });
                String what = n + " elements on " + threads + " thread(s)";
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen[i], what + ": element " + i);
                }
                boolean shared = threads > 1 && n >= Parallelism.ELEMENTWISE_PARALLEL;
                assertEquals(shared ? 4 : 1, calls.size(), what + ": calls");
                if (shared) {
                    for (int[] call : calls) {
                        assertTrue(call[0] % 8 == 0, what + ": a range starts at " + call[0]);
                    }
                }
            }
        }
    }

    @Test
    void anElementwiseLoopRejectsANegativeLengthOrNoBody() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parallelism.elementwise(-1, (from, to) -> { }));
        assertTrue(e.getMessage().startsWith("elementwise needs n >= 0 and a body, got -1 and "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Parallelism.elementwise(5, null));
        assertEquals("elementwise needs n >= 0 and a body, got 5 and null", e.getMessage());
    }

    @Test
    void nestedCallsRunOnTheirOwnThread() {
        Parallelism.setThreads(2);
        AtomicInteger inner = new AtomicInteger();
        Parallelism.forChunks(4, 1, true, (from, to) -> {
            String outer = Thread.currentThread().getName();
            Parallelism.forChunks(8, 2, true, (f, t) -> {
                assertEquals(outer, Thread.currentThread().getName());
                inner.addAndGet(t - f);
                return 0;
            });
            return 0;
        });
        assertEquals(4 * 8, inner.get());
    }

    @Test
    void aFailingChunkFailsTheCallWithItsException() {
        Parallelism.setThreads(2);
        IllegalArgumentException thrown = new IllegalArgumentException("chunk 3 failed");
        IllegalArgumentException caught = assertThrows(IllegalArgumentException.class, () ->
                Parallelism.forChunks(10, 1, true, (from, to) -> {
                    if (from == 3) {
                        throw thrown;
                    }
                    return 0;
                }));
        assertSame(thrown, caught);
        // The workers are still there for the next call.
        AtomicInteger sum = new AtomicInteger();
        Parallelism.forChunks(10, 1, true, (from, to) -> sum.addAndGet(to - from));
        assertEquals(10, sum.get());
    }

    @Test
    void callersOnSeveralThreadsAllComplete() throws InterruptedException {
        Parallelism.setThreads(3);
        AtomicInteger total = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    Parallelism.forChunks(50, 5, true, (from, to) -> total.addAndGet(to - from));
                }
            });
            callers.add(t);
            t.start();
        }
        for (Thread t : callers) {
            t.join(60_000);
        }
        assertEquals(4 * 200 * 50, total.get());
    }

    @Test
    void workersSurviveAParkAndAThreadCountChange() throws InterruptedException {
        Parallelism.setThreads(2);
        AtomicInteger sum = new AtomicInteger();
        Parallelism.forChunks(6, 1, true, (from, to) -> sum.addAndGet(1));
        Thread.sleep(Parallelism.SPIN_MICROS / 1000 * 3);   // long enough for the worker to park
        Parallelism.forChunks(6, 1, true, (from, to) -> sum.addAndGet(1));
        Parallelism.setThreads(3);
        Parallelism.forChunks(6, 1, true, (from, to) -> sum.addAndGet(1));
        assertEquals(18, sum.get());
    }

    /** The workers keep nothing of a finished job: a big array its chunks used can be collected. */
    @Test
    void aFinishedJobLeavesNothingReachable() throws InterruptedException {
        Parallelism.setThreads(2);
        java.lang.ref.WeakReference<double[]> ref = runOnBigArray();
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(ref.get() == null, "the array of a finished job is still reachable");
    }

    private static java.lang.ref.WeakReference<double[]> runOnBigArray() {
        double[] big = new double[1 << 20];
        Parallelism.forChunks(big.length, 1 << 16, true, (from, to) -> {
            java.util.Arrays.fill(big, from, to, 1.0);
            return 0;
        });
        assertEquals(big.length, java.util.Arrays.stream(big).sum());
        return new java.lang.ref.WeakReference<>(big);
    }

    @Test
    void badThreadCountsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallelism.setThreads(0));
        assertTrue(e.getMessage().contains("0") && e.getMessage().contains("[1, 1024]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallelism.setThreads(1025));
    }

    /** Waits for {@code latch} from inside a chunk, failing the chunk (and so the call) after 30 s. */
    private static void await(CountDownLatch latch, String what) {
        try {
            assertTrue(latch.await(30, java.util.concurrent.TimeUnit.SECONDS), what);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
