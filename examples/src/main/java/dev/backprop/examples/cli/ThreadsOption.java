package dev.backprop.examples.cli;

import dev.backprop.core.Parallelism;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --threads N}, shared by every command that runs the kernels. */
final class ThreadsOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int threads;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the matrix kernels; results are identical for any count "
                    + "(default: the number of processors, ${DEFAULT-VALUE} here).")
    void setThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw Validation.invalid(spec, "--threads", threads, "must be in [1, 1024]");
        }
        this.threads = threads;
    }

    /** Gives the kernels the chosen number of threads; returns it. */
    int apply() {
        Parallelism.setThreads(threads);
        return threads;
    }
}
