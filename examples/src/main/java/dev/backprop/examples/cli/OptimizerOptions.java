package dev.backprop.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --optimizer} and {@code --lr}. */
final class OptimizerOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    OptimizerChoice optimizer;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "One of: sgd, momentum (gamma 0.9), adagrad, rmsprop (rho 0.9), adam (betas 0.9, 0.999) "
                    + "(default: ${DEFAULT-VALUE}).")
    void setOptimizer(String name) {
        this.optimizer = OptimizerChoice.parse(name)
                .orElseThrow(() -> Validation.invalid(spec, "--optimizer", "'" + name + "'", OptimizerChoice.EXPECTED));
    }

    double lr;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    void setLr(double lr) {
        this.lr = Validation.positive(spec, "--lr", lr);
    }
}
