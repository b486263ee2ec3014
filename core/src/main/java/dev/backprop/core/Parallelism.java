package dev.backprop.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntBinaryOperator;

/**
 * How many threads the kernels use, and the threads themselves. Work is split into chunks whose
 * boundaries depend only on the problem size, never on the thread count, and each output element
 * is computed by one chunk in a fixed order: results are bit-identical for 1, 2 or 64 threads.
 *
 * <p>The calling thread works too: with {@code T} threads there are {@code T - 1} workers. Thread
 * {@code t} of them (the caller is 0) first runs the {@code t}-th of {@code T} equal runs of
 * consecutive chunks ({@link #firstChunk}), then any chunk not yet started, after giving the
 * thread it belongs to {@value #STEAL_MICROS} microseconds to start it (none when it had to be
 * woken). So chunk {@code c} of jobs of the same size runs on the same thread: on two threads,
 * in a training step, the half of the first weight whose gradient a thread clears, multiplies
 * with, accumulates the gradient of and updates stays in that core's cache
 * ({@link Kernels#depthPart}). Taking a late thread's chunk at once moved such a range to the
 * other core about once a step when the two cores were far apart.
 *
 * <p>Workers wait for the next job by spinning for {@value #SPIN_MICROS} microseconds before they
 * sleep, because a training step comes every fraction of a millisecond and waking a sleeping
 * thread (on a virtual machine especially) costs about as much as computing a mini-batch half.
 * With more threads than processors they sleep at once (spinning would take the cores from the
 * threads that work), and their chunks are not waited for.
 */
public final class Parallelism {

    /** How long an idle worker polls for the next job before it parks. */
    static final long SPIN_MICROS = 2_000;

    /**
     * How long a thread out of chunks of its own waits for another thread to start one of its
     * chunks before running it itself, when the workers spin (they start within a few
     * microseconds; when one had to be woken, or workers do not spin, nobody waits).
     */
    static final long STEAL_MICROS = 20;

    /**
     * From this many elements an element-wise loop is shared out. The lesson's first weight
     * (16,464 values) is: SGD on it took 13.4 against 7.4 us on 2 threads (its gradient was
     * computed on both cores, so one core alone waits for the other's half), and mini-batch
     * epochs alternated in one JVM ran 125.4 -> 119.5 ms (25 of 30) and 127.1 -> 122.4 (23 of 30).
     */
    public static final int ELEMENTWISE_PARALLEL = 8_192;

    /** A loop body over the elements {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static Workers workers;   // guarded by Parallelism.class; null until first needed

    private Parallelism() {
    }

    /** The number of threads kernels may use (default: the number of available processors). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels may use; 1 runs everything on the calling thread. */
    public static synchronized void setThreads(int count) {
        if (count < 1 || count > 1024) {
            throw new IllegalArgumentException("Invalid thread count: " + count + " (must be in [1, 1024])");
        }
        if (count != threads) {
            if (workers != null) {
                workers.shutdown();
                workers = null;
            }
            threads = count;
        }
    }

    private static synchronized Workers workers() {
        if (workers == null) {
            workers = new Workers(threads - 1);
        }
        return workers;
    }

    /**
     * Runs {@code body(from, to)} over {@code [0, n)} cut into chunks of {@code chunk} items
     * (the last may be shorter), in parallel when worthwhile. The body's return value is ignored.
     * The workers run one job at a time: a call made while a job runs (from inside a chunk, or
     * from another thread) runs its chunks on its own thread, so the outer level keeps the cores
     * busy and nothing waits for a nested job. Chunk boundaries are the same either way.
     */
    static void forChunks(int n, int chunk, boolean worthwhile, IntBinaryOperator body) {
        if (!shared(n, chunk, worthwhile, body)) {
            for (int from = 0; from < n; from += chunk) {
                body.applyAsInt(from, Math.min(n, from + chunk));
            }
        }
    }

    /**
     * Runs an element-wise loop over {@code [0, n)}: one whose element {@code i} depends on
     * index {@code i} of its arrays only (an optimizer's update rule), so that its results
     * cannot depend on how the range is cut. Below {@value #ELEMENTWISE_PARALLEL} elements it is
     * one call on the calling thread; from there, four ranges on the threads.
     */
    public static void elementwise(int n, Range body) {
        if (n < 0 || body == null) {
            throw new IllegalArgumentException("elementwise needs n >= 0 and a body, got " + n + " and " + body);
        }
        int chunk = Math.max(1, ((n + 3) / 4 + 7) & ~7);
        forRange(n, chunk, n >= ELEMENTWISE_PARALLEL, (from, to) -> {
            body.run(from, to);
            return 0;
        });
    }

    /**
     * {@link #forChunks} for a body whose results do not depend on where {@code [0, n)} is cut
     * (a matrix product computes each output element whole, whichever chunk it is in): when it
     * runs on the calling thread alone it gets {@code [0, n)} in one call, without the chunks'
     * repeated set-up and shorter loops.
     */
    static void forRange(int n, int chunk, boolean worthwhile, IntBinaryOperator body) {
        if (!shared(n, chunk, worthwhile, body)) {
            body.applyAsInt(0, n);
        }
    }

    /** Whether the chunks were run by the workers and the caller together. */
    private static boolean shared(int n, int chunk, boolean worthwhile, IntBinaryOperator body) {
        int count = (n + chunk - 1) / chunk;
        return count > 1 && threads > 1 && worthwhile && workers().run(n, chunk, body);
    }

    /**
     * The first of the chunks that thread {@code lane} of {@code lanes} runs first, of
     * {@code count}: thread {@code t} has chunks {@code [firstChunk(t), firstChunk(t + 1))},
     * consecutive runs as equal as they can be, and the calling thread (0) has one whenever
     * there are chunks.
     */
    static int firstChunk(int lane, int lanes, int count) {
        return (int) (((long) lane * count + lanes - 1) / lanes);
    }

    /** One call's chunks, each claimed by one thread (see the class comment). */
    private static final class Job {
        final int n;
        final int chunk;
        final int count;
        final IntBinaryOperator body;
        final AtomicInteger finished = new AtomicInteger();
        final AtomicIntegerArray claimed;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile long stealNanos;   // how long a thread waits for another's chunk; set when posted

        Job(int n, int chunk, IntBinaryOperator body) {
            this.n = n;
            this.chunk = chunk;
            this.count = (n + chunk - 1) / chunk;
            this.body = body;
            this.claimed = new AtomicIntegerArray(count);
        }

        /**
         * Runs chunks until none is left, as thread {@code lane} of {@code lanes} (see the class
         * comment); after a failure the remaining chunks are skipped.
         */
        void work(int lane, int lanes) {
            for (int c = firstChunk(lane, lanes, count); c < firstChunk(lane + 1, lanes, count); c++) {
                if (claimed.getAndSet(c, 1) == 0) {
                    run(c);
                }
            }
            long deadline = System.nanoTime() + stealNanos;   // read once: 0 once a sleeper was woken
            for (int c = 0; c < count; c++) {
                while (claimed.get(c) == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (claimed.get(c) == 0 && claimed.getAndSet(c, 1) == 0) {
                    run(c);
                }
            }
        }

        private void run(int c) {
            try {
                if (failure.get() == null) {
                    int from = c * chunk;
                    body.applyAsInt(from, Math.min(n, from + chunk));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                finished.incrementAndGet();
            }
        }
    }

    /** The worker threads: daemons that spin, then park, between jobs. */
    private static final class Workers {
        private final Thread[] threads;
        private final AtomicBoolean[] parked;
        private final long spinNanos;
        private final long stealNanos;
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile Job job;            // the running job; null between jobs, so that no
                                             // array its body captured stays reachable
        private volatile long posted;        // jobs posted so far (written by the one caller)
        private volatile boolean stopped;

        Workers(int count) {
            spinNanos = count < Runtime.getRuntime().availableProcessors() ? SPIN_MICROS * 1_000 : 0;
            stealNanos = spinNanos > 0 ? STEAL_MICROS * 1_000 : 0;
            threads = new Thread[count];
            parked = new AtomicBoolean[count];
            for (int i = 0; i < count; i++) {
                int index = i;
                parked[i] = new AtomicBoolean();
                threads[i] = new Thread(() -> loop(index), "backprop-worker-" + (i + 1));
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }

        /** Runs the job with the workers; false, without running anything, if a job is running. */
        boolean run(int n, int chunk, IntBinaryOperator body) {
            if (!busy.compareAndSet(false, true)) {
                return false;
            }
            Job j = new Job(n, chunk, body);
            try {
                j.stealNanos = stealNanos;
                job = j;
                posted++;
                for (int i = 0; i < threads.length; i++) {
                    if (parked[i].get()) {
                        LockSupport.unpark(threads[i]);
                        j.stealNanos = 0;   // it takes longer to wake than its chunks are worth waiting for
                    }
                }
                j.work(0, threads.length + 1);
                while (j.finished.get() < j.count) {
                    Thread.onSpinWait();
                }
            } finally {
                job = null;
                busy.set(false);
            }
            Throwable t = j.failure.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("A parallel chunk failed", t);
            }
            return true;
        }

        private void loop(int index) {
            long seen = 0;
            while (!stopped) {
                long p = awaitPosted(index, seen);
                if (p != seen) {
                    seen = p;
                    Job j = job;   // null if it is over already; a newer one is fine to help with too
                    if (j != null) {
                        j.work(index + 1, threads.length + 1);
                    }
                }
            }
        }

        /** The count of posted jobs once it differs from {@code seen}, or as it is when stopped or woken. */
        private long awaitPosted(int index, long seen) {
            long deadline = System.nanoTime() + spinNanos;
            while (System.nanoTime() < deadline) {
                long p = posted;
                if (p != seen || stopped) {
                    return p;
                }
                Thread.onSpinWait();
            }
            // Announce the park, then look once more: a caller either sees the flag and unparks,
            // or posted its job before the flag and this check sees it.
            parked[index].set(true);
            if (posted == seen && !stopped) {
                LockSupport.park(this);
            }
            parked[index].set(false);
            return posted;
        }

        void shutdown() {
            stopped = true;
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
        }
    }
}
