package dev.backprop.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The network's size: {@code --hidden}. */
final class ModelOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int hidden;

    @Option(names = "--hidden", paramLabel = "N", description = "Neurons in the hidden layer (default: ${DEFAULT-VALUE}).")
    void setHidden(int hidden) {
        this.hidden = Validation.atLeast(spec, "--hidden", hidden, 1);
    }
}
