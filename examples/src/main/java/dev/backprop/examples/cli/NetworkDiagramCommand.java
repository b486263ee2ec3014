package dev.backprop.examples.cli;

import dev.backprop.examples.figures.NetworkDiagram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code network-diagram}: the lesson's {@code plot_nn} picture for given layer sizes. */
@Command(name = "network-diagram",
        mixinStandardHelpOptions = true,
        defaultValueProvider = NetworkDiagramCommand.Defaults.class,
        description = {
            "Draws the network picture of the lesson (plot_nn) for given layer sizes.",
            "One column of neurons per layer, every neuron joined to every neuron of the next layer. "
                + "Examples: --layers 5,1 (the perceptron), --layers 5,4,1 (one hidden layer)."})
final class NetworkDiagramCommand implements Callable<Integer> {

    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--layers", "784,21,1", "--max-shown", "24");
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    private int[] layers;
    private int maxShown;

    @Option(names = "--layers", paramLabel = "SIZES", split = ",",
            description = "Neurons per layer, input first, comma-separated, 2 to " + NetworkDiagram.MAX_LAYERS
                    + " layers (default: ${DEFAULT-VALUE}).")
    void setLayers(int[] sizes) {
        if (sizes.length < 2) {
            throw Validation.invalid(spec, "--layers", String.join(",", java.util.Arrays.stream(sizes)
                    .mapToObj(Integer::toString).toArray(String[]::new)), "need at least an input and an output layer");
        }
        if (sizes.length > NetworkDiagram.MAX_LAYERS) {
            throw Validation.invalid(spec, "--layers", sizes.length + " layers", "at most " + NetworkDiagram.MAX_LAYERS
                    + " are drawn");
        }
        for (int s : sizes) {
            Validation.atLeast(spec, "--layers", s, 1);
        }
        this.layers = sizes;
    }

    /**
     * The most --max-shown may ask for: a column has a fixed height, in which 200 circles are
     * already about two pixels across, and the lines between two layers grow with its square.
     */
    static final int MAX_SHOWN_LIMIT = 200;

    @Option(names = "--max-shown", paramLabel = "N",
            description = "Most neurons drawn per layer, 2 to " + MAX_SHOWN_LIMIT + "; wider layers are cut with "
                    + "an ellipsis (default: ${DEFAULT-VALUE}).")
    void setMaxShown(int n) {
        if (n < 2 || n > MAX_SHOWN_LIMIT) {
            throw Validation.invalid(spec, "--max-shown", n, "must be in [2, " + MAX_SHOWN_LIMIT + "]");
        }
        this.maxShown = n;
    }

    @Override
    public Integer call() throws Exception {
        NetworkDiagram diagram = new NetworkDiagram(layers, maxShown);
        Path file = output.out().resolve("network.png");
        diagram.save(file);
        spec.commandLine().getOut().printf("Wrote %s (%d x %d)%n", file, diagram.width(), diagram.height());
        return 0;
    }
}
