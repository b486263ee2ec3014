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

    Path save;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Save the model, optimizer state, epoch and loss history to FILE after training.")
    void setSave(Path file) {
        // Checked now, so that a typo does not cost a whole training run.
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw Validation.invalid(spec, "--save", file, "a folder; expected a file name");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw Validation.invalid(spec, "--save", file, folder + " is not an existing folder");
        }
        if (!Files.isWritable(folder)) {
            throw Validation.invalid(spec, "--save", file, folder + " is not a writable folder");
        }
        this.save = file;
    }

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
