package dev.backprop.examples.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-command defaults for the shared options: {@code --epochs} is 500 for the lesson's
 * regression but 5 for the classifier, yet both are one option declared once. A subclass lists
 * its values as (long option name, default) pairs; {@code --out} defaults to
 * {@code out/<command>} everywhere. {@code --help} shows the values in force.
 */
abstract class CommandDefaults implements IDefaultValueProvider {

    private final Map<String, String> values = new HashMap<>();

    protected CommandDefaults(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("CommandDefaults needs (option, value) pairs");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String name = option.longestName();
        if (values.containsKey(name)) {
            return values.get(name);
        }
        if (name.equals("--out")) {
            return "out/" + arg.command().name();
        }
        if (name.equals("--threads")) {
            return Integer.toString(Runtime.getRuntime().availableProcessors());
        }
        return null;
    }

    /** Only the shared defaults ({@code --out}). */
    static final class Plain extends CommandDefaults {
        Plain() {
            super();
        }
    }
}
