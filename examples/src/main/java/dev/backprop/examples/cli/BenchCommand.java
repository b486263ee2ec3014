package dev.backprop.examples.cli;

import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.History;
import dev.backprop.core.Initializer;
import dev.backprop.core.Loss;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.core.Trainer;
import dev.backprop.core.TrainingListener;
import dev.backprop.core.TrainingPlan;
import dev.backprop.examples.Lesson;
import dev.backprop.layers.Sigmoid;
import dev.backprop.optimizers.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench}: how long the lesson's two kinds of epoch take with the {@link Trainer}, on the
 * lesson's data (issue 6's workloads):
 * <pre>
 * full-batch  one step on the training rows (forward, loss, backward, SGD update), then the
 *             forward pass and loss over the validation rows: the lesson's section 3 loop
 * mini-batch  int(n / 64) steps on the rows randint(0, n, 64): the lesson's SGD exercise,
 *             with its update eta / n_train * (sum over the batch), i.e. a rate of eta * 64 / n
 *             on the mean gradient
 * </pre>
 * Each workload trains a fresh network (the lesson's initialisation) for the warm-up epochs,
 * which let the JIT compile the hot loops, and then the timed epochs; it prints the median
 * time per timed epoch. An epoch's time is measured between the trainer's epoch-end events, so
 * it includes everything the trainer does in an epoch (divergence checks too).
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        defaultValueProvider = BenchCommand.Defaults.class,
        description = {
            "Times the lesson's full-batch and mini-batch epochs (784-21-1 sigmoid network, float64) with the Trainer.",
            "Prints 'full-batch: <median> ms/epoch' and 'mini-batch: <median> ms/epoch', medians over the timed "
                + "epochs after the warm-up ones. For JMH numbers see benchmarks/README.md; benchmarks/compare.sh "
                + "runs numpy and PyTorch on the same data."})
final class BenchCommand implements Callable<Integer> {

    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--epochs", "10", "--warmup", "20");
        }
    }

    /** The lesson's mini-batch size. */
    static final int BATCH_SIZE = 64;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    int epochs;
    int warmup;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--epochs", paramLabel = "N", description = "Timed epochs per workload (default: ${DEFAULT-VALUE}).")
    void setEpochs(int epochs) {
        this.epochs = Validation.atLeast(spec, "--epochs", epochs, 1);
    }

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed epochs before them, for the JIT compiler and the first epochs' copies of the data "
                    + "(default: ${DEFAULT-VALUE}).")
    void setWarmup(int warmup) {
        this.warmup = Validation.atLeast(spec, "--warmup", warmup, 0);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int threadCount = threads.apply();
        Lesson.Data d = Lesson.regressionData(MnistSource.load(spec, data, out::println).data());
        Tensor x = d.xTrain();
        out.printf(Locale.ROOT, "Bench: the lesson's %d-%d-1 sigmoid network, float64, %d training and %d validation "
                        + "rows, %d thread(s), %d warm-up + %d timed epochs per workload; Java %s; kernels: %s.%n",
                x.cols(), Lesson.HIDDEN, x.rows(), d.xVal().rows(), threadCount, warmup, epochs,
                System.getProperty("java.version"), Tensor.kernels());
        out.flush();

        // The round trips are measured after each workload, when the JIT compiler has settled
        // (at the start it competes for the cores and made them look far apart).
        boolean twoCores = threadCount >= 2 && Runtime.getRuntime().availableProcessors() >= 2;
        double[] full = time(d, false);
        print(out, "full-batch", full);
        double afterFull = twoCores ? roundTripNanos() : Double.NaN;
        double[] mini = time(d, true);
        print(out, "mini-batch", mini);
        if (twoCores) {
            double afterMini = roundTripNanos();
            out.printf(Locale.ROOT, "Round trip between two threads: %.0f ns after the full-batch epochs, %.0f ns after"
                            + " the mini-batch ones%s.%n",
                    afterFull, afterMini, Math.max(afterFull, afterMini) > FAR_NANOS
                            ? " (far apart, as a virtual machine's processors on different dies: the mini-batch"
                                    + " epoch is slower, see benchmarks/README.md)"
                            : "");
            out.flush();
        }
        return 0;
    }

    /** A round trip above this says the two cores are far apart (63-70 ns near, 306-630 far, measured). */
    static final double FAR_NANOS = 200;

    /**
     * Nanoseconds per round trip of a counter between this thread and another, both spinning:
     * what every cache line a mini-batch step hands from one core to the other costs, which on a
     * virtual machine changes with where the host puts its processors (see benchmarks/README.md).
     * The median of 5 runs of 4,000 round trips, after 4,000 untimed ones.
     */
    static double roundTripNanos() {
        AtomicLong ping = new AtomicLong();
        AtomicLong pong = new AtomicLong();
        Thread partner = new Thread(() -> {
            for (long seen = 0; seen >= 0; ) {
                long p = ping.get();
                if (p != seen) {
                    seen = p;
                    pong.set(p);
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "backprop-round-trip");
        partner.setDaemon(true);
        partner.start();
        double[] runs = new double[5];
        long ball = 0;
        for (int run = -1; run < runs.length; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < 4_000; i++) {
                ping.set(++ball);
                while (pong.get() != ball) {
                    Thread.onSpinWait();
                }
            }
            if (run >= 0) {
                runs[run] = (System.nanoTime() - start) / 4_000.0;
            }
        }
        ping.set(-1);
        Arrays.sort(runs);
        return median(runs);
    }

    /** The timed epochs' durations in milliseconds, for one workload on a fresh network. */
    private double[] time(Lesson.Data d, boolean miniBatch) {
        RandomState random = new RandomState(Lesson.INIT_SEED);
        Sequential network = Lesson.network(d.xTrain().cols(), Lesson.HIDDEN, new Sigmoid());
        Lesson.initialize(network, Initializer.uniform(-0.5, 0.5), random);
        Loss loss = new HalfMeanSquaredError();
        double lr = miniBatch ? Lesson.LEARNING_RATE * BATCH_SIZE / d.xTrain().rows() : Lesson.LEARNING_RATE;
        EpochTimer timer = new EpochTimer(warmup + epochs);
        Trainer.Builder builder = Trainer.builder(network, loss, new SGD(network.parameters(), lr))
                .epochs(warmup + epochs)
                .listener(timer);
        if (miniBatch) {
            builder.sampledBatches(BATCH_SIZE, random).build().fit(d.xTrain(), d.yTrain());
        } else {
            builder.fullBatch().build().fit(d.xTrain(), d.yTrain(), d.xVal(), d.yVal());
        }
        return Arrays.copyOfRange(timer.millis, warmup, warmup + epochs);
    }

    private static void print(PrintWriter out, String workload, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        out.printf(Locale.ROOT, "%s: %.1f ms/epoch (min %.1f, max %.1f over %d epochs)%n", workload, median(sorted),
                sorted[0], sorted[sorted.length - 1], sorted.length);
        out.flush();
    }

    /** The median of sorted values: the middle one, or the mean of the two middle ones. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Each epoch's wall time, from the previous epoch's end (or the start) to its end. */
    private static final class EpochTimer implements TrainingListener {

        final double[] millis;
        private long last;

        EpochTimer(int epochs) {
            millis = new double[epochs];
        }

        @Override
        public void onTrainingStart(TrainingPlan plan) {
            last = System.nanoTime();
        }

        @Override
        public void onEpochEnd(int epoch, History history) {
            long now = System.nanoTime();
            millis[epoch - 1] = (now - last) / 1e6;
            last = now;
        }
    }
}
