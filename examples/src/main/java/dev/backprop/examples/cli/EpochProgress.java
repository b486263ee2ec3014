package dev.backprop.examples.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Console;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows how training goes: on a terminal a progress bar (epoch, train and validation loss,
 * time left) on stderr; with {@code --quiet} or when the output is not a terminal (a pipe, a
 * file, CI), an INFO log line every {@code every} epochs and at the last one.
 */
abstract class EpochProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EpochProgress.class);

    /** Records the losses after epoch {@code epoch} (1-based); validation may be NaN. */
    abstract void epoch(int epoch, double train, double validation);

    @Override
    public abstract void close();

    /**
     * A progress display for epochs {@code startEpoch + 1 .. totalEpochs} of the task named
     * {@code task}: a bar when {@code bar} is true, log lines otherwise.
     */
    static EpochProgress create(String task, int startEpoch, int totalEpochs, boolean bar) {
        return bar ? new Bar(startEpoch, totalEpochs) : new Log(task, totalEpochs, every(totalEpochs));
    }

    /** Whether a progress bar can be drawn: stdin and stdout are a terminal. */
    static boolean terminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // Up to JDK 21 a console exists only on a terminal; from JDK 22 it exists even when the
        // output is redirected, and Console.isTerminal() (JDK 22, hence reflection) tells.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** About ten log lines per run. */
    static int every(int totalEpochs) {
        return Math.max(1, totalEpochs / 10);
    }

    static String losses(double train, double validation) {
        return Double.isNaN(validation)
                ? String.format(Locale.ROOT, "train loss %.5f", train)
                : String.format(Locale.ROOT, "train loss %.5f, validation loss %.5f", train, validation);
    }

    private static final class Bar extends EpochProgress {
        private final ProgressBar bar;

        Bar(int startEpoch, int totalEpochs) {
            bar = new ProgressBarBuilder()
                    .setTaskName("epoch")
                    .setInitialMax(totalEpochs)
                    .startsFrom(startEpoch, Duration.ZERO)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .build();
        }

        @Override
        void epoch(int epoch, double train, double validation) {
            bar.stepTo(epoch);
            // Short, so that the bar keeps its width on an 80-column terminal.
            bar.setExtraMessage(Double.isNaN(validation)
                    ? String.format(Locale.ROOT, "loss %.5f", train)
                    : String.format(Locale.ROOT, "train %.5f val %.5f", train, validation));
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Log extends EpochProgress {
        private final String task;
        private final int totalEpochs;
        private final int every;

        Log(String task, int totalEpochs, int every) {
            this.task = task;
            this.totalEpochs = totalEpochs;
            this.every = every;
        }

        @Override
        void epoch(int epoch, double train, double validation) {
            if (epoch % every == 0 || epoch == totalEpochs) {
                LOG.info("{}: epoch {}/{}: {}", task, epoch, totalEpochs, losses(train, validation));
            }
        }

        @Override
        public void close() {
        }
    }
}
