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

        double[] full = time(d, false);
        print(out, "full-batch", full);
        double[] mini = time(d, true);
        print(out, "mini-batch", mini);
        return 0;
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
