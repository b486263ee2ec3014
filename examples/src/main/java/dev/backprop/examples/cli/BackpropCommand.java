package dev.backprop.examples.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** The root {@code backprop} command: only dispatches to its subcommands. */
@Command(name = "backprop",
        mixinStandardHelpOptions = true,
        versionProvider = BackpropCommand.Version.class,
        description = {
            "Neural networks from first principles: the lesson \"NN from scratch\" end to end.",
            "Run '${ROOT-COMMAND-NAME} COMMAND --help' for the options of a command."},
        subcommands = {
            MnistRegressionCommand.class,
            PerceptronCommand.class,
            FrozenBiasCommand.class,
            InitComparisonCommand.class,
            ActivationsCommand.class,
            OptimizersCommand.class,
            MnistClassifierCommand.class,
            NetworkDiagramCommand.class,
            ExportNpyCommand.class,
            BenchCommand.class,
        },
        footer = {"", "Exit codes: 0 success, 1 the run failed, 2 invalid command line."})
public final class BackpropCommand implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BackpropCommand.class);

    /** Exit code of a run that failed for a reason its message explains. */
    public static final int EXIT_FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The configured command line writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BackpropCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // A failed run shows one clear line, never a stack trace; the trace goes to the
            // debug log for whoever turns it on.
            LOG.debug("{} failed", commandLine.getCommandName(), ex);
            commandLine.getErr().println(commandLine.getColorScheme().errorText(
                    commandLine.getCommandName() + ": error: " + describe(ex)));
            return EXIT_FAILURE;
        });
        return cl;
    }

    /** The message of an exception, naming its type when it has no useful message. */
    static String describe(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return message + ": no such file";
        }
        if (ex instanceof java.nio.file.AccessDeniedException) {
            return message + ": permission denied";
        }
        if (ex instanceof java.nio.file.FileSystemException) {
            return ex.getClass().getSimpleName().replace("Exception", "") + ": " + message;
        }
        return message;
    }

    /** {@code --version}: the artifact version from the jar manifest. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BackpropCommand.class.getPackage().getImplementationVersion();
            return new String[] {"backprop " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
