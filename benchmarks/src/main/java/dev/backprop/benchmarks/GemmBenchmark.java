package dev.backprop.benchmarks;

import dev.backprop.core.Parallelism;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The full-batch epoch's two large products, on {@link Tensor#gemm}:
 * <pre>
 * nn  H = X W1        [rows x 784] [784 x 21]      (forward)
 * tn  G = X^T Q1      [rows x 784]^T [rows x 21]   (gradient of W1)
 * </pre>
 * with {@code rows} 48,000 ({@code shape=whole}, 1.58 GFLOP each), 128 ({@code shape=block},
 * one row block of a full-batch step, 4.2 MFLOP each) or 64 ({@code shape=minibatch}, one
 * mini-batch step, 2.1 MFLOP each; {@code shape=sampled}: 64 rows picked by index from 48,000,
 * as a training step reads them, a new draw each call, so from memory: in a step the weight
 * gradient then finds them in the cache, where the forward product left them), with the
 * Vector API kernels or the portable
 * ones ({@code kernels}, set as the system property {@code backprop.kernels} before the first
 * product; every parameter combination runs in a fresh fork, so keep forks on).
 * Inputs from {@code RandomState(0)}; the output is overwritten ({@code beta = 0}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    @Param({"vector", "portable"})
    public String kernels;

    @Param({"whole", "block", "minibatch", "sampled"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;
    private Tensor w;
    private Tensor q;
    private Tensor h;
    private Tensor g;
    private int[][] draws;   // shape=sampled: the rows of each call, in turn
    private int call;

    @Setup
    public void setUp() {
        System.setProperty("backprop.kernels", kernels);
        Parallelism.setThreads(threads);
        RandomState random = new RandomState(0);
        int rows = switch (shape) {
            case "block" -> 128;
            case "minibatch", "sampled" -> LessonWorkload.BATCH_SIZE;
            case "whole" -> LessonWorkload.TRAIN_ROWS;
            default -> throw new IllegalArgumentException("Invalid shape: '" + shape
                    + "' (must be whole, block, minibatch or sampled)");
        };
        int features = LessonWorkload.FEATURES;
        int hidden = 21;
        if (shape.equals("sampled")) {
            x = random.randn(LessonWorkload.TRAIN_ROWS, features);
            draws = new int[LessonWorkload.TRAIN_ROWS / rows][];
            for (int i = 0; i < draws.length; i++) {
                draws[i] = random.randint(0, LessonWorkload.TRAIN_ROWS, rows);
            }
        } else {
            x = random.randn(rows, features);
        }
        w = random.randn(features, hidden);
        q = random.randn(rows, hidden);
        h = Tensor.zeros(rows, hidden);
        g = Tensor.zeros(features, hidden);
    }

    /** {@code X W1}: the first layer's forward product. */
    @Benchmark
    public Tensor nn() {
        if (draws != null) {
            Tensor.gemm(false, false, 1.0, x, nextDraw(), w, 0.0, h);
        } else {
            Tensor.gemm(false, false, 1.0, x, w, 0.0, h);
        }
        return h;
    }

    /** {@code X^T Q1}: the first layer's weight gradient, X read in place. */
    @Benchmark
    public Tensor tn() {
        if (draws != null) {
            Tensor.gemm(true, false, 1.0, x, nextDraw(), q, 0.0, g);
        } else {
            Tensor.gemm(true, false, 1.0, x, q, 0.0, g);
        }
        return g;
    }

    /** The rows of the next sampled call: 750 draws in turn, so they come from memory as in an epoch. */
    private int[] nextDraw() {
        call = call + 1 == draws.length ? 0 : call + 1;
        return draws[call];
    }
}
