package dev.backprop.examples.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the MNIST data comes from: {@code --data-dir}, {@code --download}, {@code --sample}. */
final class DataOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with the four MNIST IDX files, raw or gzipped; an error if they are not there "
                    + "(without --download). Default: $BACKPROP_DATA, else ~/.cache/backprop/mnist; without MNIST "
                    + "there the run falls back to the bundled sample.")
    Path dataDir;

    @Option(names = "--download",
            description = "Download full MNIST into the data folder if it is not there yet.")
    boolean download;

    @Option(names = "--sample",
            description = "Use the MNIST sample bundled with backprop (6000 training, 1000 test images) "
                    + "even when full MNIST is available.")
    boolean sample;
}
