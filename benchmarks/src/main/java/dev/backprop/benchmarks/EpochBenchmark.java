package dev.backprop.benchmarks;

import dev.backprop.core.Parallelism;
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
 * The lesson's two epochs ({@link LessonWorkload}), per thread count. The weights keep training
 * across invocations, as in a real run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
// The trap limit as ./backprop sets it: without it, the sigmoid boxes its results in some forks
// (see benchmarks/README.md), which -prof gc then reports as 23 MB more per mini-batch epoch.
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector",
        "-XX:PerMethodTrapLimit=400"})
public class EpochBenchmark {

    @Param({"1", "2"})
    public int threads;

    private LessonWorkload workload;

    @Setup
    public void setUp() {
        Parallelism.setThreads(threads);
        workload = LessonWorkload.create();
    }

    /** Forward, backward and update on 48,000 rows, then the forward pass over 12,000 validation rows. */
    @Benchmark
    public double fullBatchEpoch() {
        return workload.fullBatchEpoch();
    }

    /** 750 steps of 64 rows drawn with replacement. */
    @Benchmark
    public double miniBatchEpoch() {
        return workload.miniBatchEpoch();
    }
}
