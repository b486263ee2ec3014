package dev.backprop.examples.cli;

import dev.backprop.datasets.Mnist;
import dev.backprop.datasets.MnistDownloader;
import dev.backprop.datasets.TrainTestData;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the MNIST data a command runs on: {@code --sample} means the bundled sample; otherwise
 * the folder from {@code --data-dir}, else {@code $BACKPROP_DATA}, else
 * {@code ~/.cache/backprop/mnist}. When full MNIST is not there it is downloaded with
 * {@code --download}. Without it, a folder named by {@code --data-dir} is a usage error (the
 * user asked for that data); a default folder falls back to the bundled sample and says so in
 * one line, with how to get the full set.
 */
final class MnistSource {

    private MnistSource() {
    }

    static TrainTestData load(CommandSpec spec, DataOptions options, Run run) {
        Loaded loaded = load(spec, options, run::println);
        run.setting("data", loaded.description());
        return loaded.data();
    }

    /** The data found, and a description of it (with the folder it came from) for a report. */
    record Loaded(TrainTestData data, String description) {
    }

    /** Loads the data, telling which in one line to {@code say} (for commands without a {@link Run}). */
    static Loaded load(CommandSpec spec, DataOptions options, Consumer<String> say) {
        return load(spec, options, say, Mnist.defaultDirectory());
    }

    /** As {@link #load(CommandSpec, DataOptions, Consumer)}, with {@code defaultDir} used when there is no --data-dir. */
    static Loaded load(CommandSpec spec, DataOptions options, Consumer<String> say, Path defaultDir) {
        if (options.sample && (options.download || options.dataDir != null)) {
            throw new ParameterException(spec.commandLine(), "--sample uses the bundled sample: it cannot be combined with "
                    + (options.download ? "--download" : "--data-dir"));
        }
        if (options.sample) {
            TrainTestData data = Mnist.sample();
            say.accept(String.format("Data: the bundled MNIST sample (%d training, %d test images), as asked by --sample.",
                    data.train().size(), data.test().size()));
            return new Loaded(data, data.name());
        }
        Path dir = options.dataDir != null ? options.dataDir : defaultDir;
        Optional<String> absence = Mnist.absence(dir);
        if (absence.isPresent()) {
            if (options.download) {
                say.accept("Downloading MNIST into " + dir + " ...");
                MnistDownloader.builder().build().download(dir);
            } else if (options.dataDir != null) {
                throw Validation.invalid(spec, "--data-dir", dir, "no MNIST there: " + absence.get()
                        + "; get MNIST with --download or the README's offline npm recipe, or use --sample for the "
                        + "bundled sample");
            } else {
                TrainTestData data = Mnist.sample();
                say.accept(String.format("Full MNIST not found in %s: running on the bundled sample (%d training, "
                        + "%d test images). Get the full set with --download (or see the README for the offline "
                        + "npm recipe).", dir, data.train().size(), data.test().size()));
                return new Loaded(data, data.name() + " (full MNIST not found in " + dir + ")");
            }
        }
        TrainTestData data = Mnist.load(dir);
        say.accept(String.format("Data: %s from %s (%d training, %d test images).", data.name(), dir,
                data.train().size(), data.test().size()));
        return new Loaded(data, data.name() + " from " + dir);
    }
}
