package dev.backprop.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntBinaryOperator;

/**
 * How many threads the kernels use. Work is split into chunks whose boundaries depend only on
 * the problem size, never on the thread count, and each output element is computed by one
 * chunk in a fixed order: results are bit-identical for 1, 2 or 64 threads.
 */
public final class Parallelism {

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile ForkJoinPool pool;

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
            ForkJoinPool old = pool;
            pool = null;
            threads = count;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static synchronized ForkJoinPool pool() {
        if (pool == null) {
            pool = new ForkJoinPool(threads);
        }
        return pool;
    }

    /**
     * Runs {@code body(from, to)} over {@code [0, n)} cut into chunks of {@code chunk} items
     * (the last may be shorter), in parallel when worthwhile. The body's return value is ignored.
     * Called from a task already running in the pool (a row block of a training step, say), it
     * runs the chunks on that thread: the outer level keeps the cores busy, and nested forking
     * would only add overhead. Chunk boundaries are the same either way.
     */
    static void forChunks(int n, int chunk, boolean worthwhile, IntBinaryOperator body) {
        int count = (n + chunk - 1) / chunk;
        if (count <= 1 || threads == 1 || !worthwhile || inPool()) {
            for (int from = 0; from < n; from += chunk) {
                body.applyAsInt(from, Math.min(n, from + chunk));
            }
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(count);
        for (int from = 0; from < n; from += chunk) {
            int f = from;
            int t = Math.min(n, from + chunk);
            tasks.add(ForkJoinTask.adapt(() -> body.applyAsInt(f, t)));
        }
        pool().invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
    }

    /** Whether the calling thread is one of the kernels' pool workers. */
    private static boolean inPool() {
        ForkJoinPool current = ForkJoinTask.getPool();
        return current != null && current == pool;
    }
}
