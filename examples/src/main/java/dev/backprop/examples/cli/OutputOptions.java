package dev.backprop.examples.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --out}: where a command writes its figures, history and report. */
final class OutputOptions {

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the files the command writes (default: ${DEFAULT-VALUE}).")
    Path out;

    Path out() {
        return out;
    }
}
