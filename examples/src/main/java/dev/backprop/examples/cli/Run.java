package dev.backprop.examples.cli;

import dev.backprop.examples.io.HistoryCsv;
import dev.backprop.examples.io.HtmlReport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One run of a command: prints its results (and keeps them for the report), names its output
 * files in the {@code --out} folder, and at the end writes {@code report.html} with the command,
 * its settings, what it printed and its figures.
 */
final class Run {

    private final CommandSpec spec;
    private final PrintWriter console;
    private final Path out;
    private final HtmlReport report;
    private final List<Path> written = new ArrayList<>();
    private String failure;

    Run(CommandSpec spec, Path out, String title) throws IOException {
        this.spec = spec;
        this.console = spec.commandLine().getOut();
        this.out = out;
        Files.createDirectories(out);
        this.report = new HtmlReport(title, commandText(spec));
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            report.setting(option.longestName(), valueText(option.getValue()));
        }
    }

    /** The command as typed, for the report. */
    static String commandText(CommandSpec spec) {
        List<String> args = spec.root().commandLine().getParseResult() == null
                ? List.of(spec.name())
                : spec.root().commandLine().getParseResult().originalArgs();
        StringBuilder sb = new StringBuilder("backprop");
        for (String a : args) {
            sb.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return sb.toString();
    }

    private static String valueText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return value.toString();
    }

    /** Adds a setting the options do not show (e.g. the data actually used). */
    void setting(String key, Object value) {
        report.setting(key, value);
    }

    /** Prints a line of results (stdout and the report). */
    void println(String line) {
        console.println(line);
        report.output(line + "\n");
    }

    void printf(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        console.print(text);
        console.flush();
        report.output(text);
    }

    /** The path of an output file in the run's folder. */
    Path file(String name) {
        return out.resolve(name);
    }

    /** Records that a figure was written to {@code file}, to show it in the report. */
    void figure(Path file, String caption) {
        report.figure(caption, file);
        written.add(file);
    }

    /** Writes {@code history.csv} from per-epoch losses. */
    void history(double[] train, double[] validation) throws IOException {
        history("history.csv", train, validation);
    }

    /** Writes the per-epoch losses of one of several runs to {@code fileName}. */
    void history(String fileName, double[] train, double[] validation) throws IOException {
        Path file = file(fileName);
        HistoryCsv.write(file, train, validation);
        written.add(file);
    }

    /**
     * Records a failure that must not cost the rest of the run (e.g. the checkpoint could not be
     * written): the report shows it, and {@link #finish} fails with it once everything else is written.
     */
    void failAtEnd(String message) {
        failure = message;
        report.output("error: " + message + "\n");
    }

    /**
     * Writes {@code report.html} and lists the files written.
     *
     * @throws IOException with the message of {@link #failAtEnd}, after writing, if there was one
     */
    void finish() throws IOException {
        Path file = file("report.html");
        report.write(file);
        written.add(file);
        console.println("Wrote " + written.size() + " files to " + out + ":");
        for (Path p : written) {
            console.println("  " + p.getFileName());
        }
        console.flush();
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    CommandSpec spec() {
        return spec;
    }
}
