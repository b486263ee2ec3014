package dev.backprop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The products against a naive triple loop, on shapes large enough to be split into parallel
 * chunks, and bit-identical whatever the thread count.
 */
class KernelsTest {

    private final int defaultThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(defaultThreads);
    }

    /** {n, m, k}: rows of c over several row chunks, a's columns over several column chunks, odd k. */
    private static final int[][] SHAPES = {{2100, 21, 131}, {600, 21, 517}, {70, 130, 9}, {3, 5, 1}};

    @Test
    void everyProductMatchesTheNaiveLoopAndIsTheSameForAnyThreadCount() {
        RandomState random = new RandomState(11);
        for (int[] shape : SHAPES) {
            int n = shape[0];
            int m = shape[1];
            int k = shape[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                Tensor a = ta ? random.randn(k, n) : random.randn(n, k);
                Tensor b = tb ? random.randn(m, k) : random.randn(k, m);
                Tensor c0 = random.randn(n, m);
                Tensor expected = naive(ta, tb, 0.7, a, b, 0.3, c0);
                Tensor first = null;
                for (int threads : new int[] {1, 2, 3}) {
                    Parallelism.setThreads(threads);
                    Tensor c = c0.copy();
                    Tensor.gemm(ta, tb, 0.7, a, b, 0.3, c);
                    String what = "gemm(" + ta + ", " + tb + ") n=" + n + " m=" + m + " k=" + k + " threads=" + threads;
                    assertTrue(c.allClose(expected, 1e-12, 1e-12), what);
                    if (first == null) {
                        first = c;
                    } else {
                        assertEquals(first, c, what + ": not bit-identical to 1 thread");
                    }
                }
            }
        }
    }

    private static Tensor naive(boolean ta, boolean tb, double alpha, Tensor a, Tensor b, double beta, Tensor c0) {
        int n = c0.dim(0);
        int m = c0.dim(1);
        int k = ta ? a.dim(0) : a.dim(1);
        Tensor c = Tensor.zeros(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                }
                c.set(alpha * s + beta * c0.get(i, j), i, j);
            }
        }
        return c;
    }
}
