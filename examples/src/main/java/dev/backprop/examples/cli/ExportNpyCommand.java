package dev.backprop.examples.cli;

import dev.backprop.examples.io.Checkpoint;
import dev.backprop.examples.io.CheckpointException;
import dev.backprop.examples.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code export-npy}: every weight of a checkpoint as a NumPy {@code .npy} file. */
@Command(name = "export-npy",
        mixinStandardHelpOptions = true,
        defaultValueProvider = CommandDefaults.Plain.class,
        description = {
            "Writes the weights of a checkpoint as NumPy .npy files.",
            "Each parameter of a checkpoint saved with --save becomes layer<i>.<parameter>.npy "
                + "(format 1.0, float64, C order), readable with numpy.load."})
final class ExportNpyCommand implements Callable<Integer> {

    /** What a parameter name may contain to become part of a file name; ".." is refused too. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A checkpoint file written by --save.")
    Path checkpoint;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checkpoint c = Checkpoint.read(checkpoint);
        // The names come from the file: a crafted one must not write outside --out. All are
        // checked before any file is written.
        for (Checkpoint.SavedLayer layer : c.layers()) {
            for (Checkpoint.SavedParameter p : layer.parameters()) {
                if (!SAFE_NAME.matcher(p.name()).matches() || p.name().contains("..")) {
                    throw new CheckpointException(checkpoint + ": parameter name '" + p.name() + "' is not a safe "
                            + "file name (expected letters, digits, '_', '-' and single dots)");
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %s, %d epochs%n", checkpoint, c.model(), c.epoch());
        int files = 0;
        Path first = null;
        for (int i = 0; i < c.layers().size(); i++) {
            for (Checkpoint.SavedParameter p : c.layers().get(i).parameters()) {
                String name = "layer" + i + "." + p.name() + ".npy";
                Path file = output.out().resolve(name);
                Npy.write(file, p.value());
                out.printf("  %-24s %s%n", name, Arrays.toString(p.value().shape()));
                files++;
                first = first == null ? file : first;
            }
        }
        out.printf("Wrote %d files to %s%s%n", files, output.out(),
                first == null ? "" : "; in Python: numpy.load('" + first + "')");
        return 0;
    }
}
