package dev.backprop.examples;

import dev.backprop.examples.cli.BackpropCommand;

import java.io.PrintWriter;

/**
 * The {@code backprop} command line. {@code ./backprop --help} lists the subcommands; each has
 * its own {@code --help}. Exit codes: 0 success, 1 the run failed (the message says why),
 * 2 invalid command line.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Figures are drawn off screen; never try to open a display.
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            return BackpropCommand.commandLine(out, err).execute(args);
        } catch (OutOfMemoryError e) {
            err.println("backprop: error: out of memory (" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB heap); give Java more, e.g. BACKPROP_JAVA_OPTS=-Xmx4g ./backprop ...");
            return BackpropCommand.EXIT_FAILURE;
        }
    }
}
