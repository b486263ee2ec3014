package dev.backprop.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks for option values; a failure is a usage error (exit code 2) naming the value. */
final class Validation {

    private Validation() {
    }

    static int atLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + value + " (must be >= " + min + ")");
        }
        return value;
    }

    static double positive(CommandSpec spec, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + value + " (must be a finite number > 0)");
        }
        return value;
    }

    static ParameterException invalid(CommandSpec spec, String option, Object value, String expected) {
        return new ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': " + value + " (" + expected + ")");
    }
}
