package dev.backprop.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --save} and {@code --load}: checkpoints of a training run. */
final class CheckpointOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Save the model, optimizer state, epoch and loss history to FILE after training.")
    Path save;

    Path load;

    @Option(names = "--load", paramLabel = "FILE",
            description = "Start from a checkpoint saved with --save: training continues up to --epochs "
                    + "(bit-identical to an uninterrupted run), or only evaluates if it already got there.")
    void setLoad(Path file) {
        if (!Files.isRegularFile(file)) {
            throw Validation.invalid(spec, "--load", file, "no such file");
        }
        this.load = file;
    }
}
