package dev.backprop.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Layers applied one after the other. Forward runs them first to last; backward runs them last
 * to first, each receiving the gradient the next one returned. Its parameters are its
 * children's, in order. Each position needs a layer instance of its own, nested Sequentials
 * included: a layer caches its last forward pass, so a second use would overwrite what the
 * first one's backward reads.
 */
public final class Sequential implements Layer {

    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this(Arrays.asList(layers));
    }

    public Sequential(List<? extends Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential needs at least one layer");
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException("Sequential: layer " + i + " is null");
            }
        }
        this.layers = List.copyOf(layers);
        requireDistinct(this.layers, "", new IdentityHashMap<>());
    }

    /**
     * Throws if a layer instance sits at two positions; {@code seen} maps each instance met so
     * far to its position, {@code "2.0"} being layer 0 of the Sequential at position 2.
     */
    private static void requireDistinct(List<Layer> layers, String prefix, Map<Layer, String> seen) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String position = prefix + i;
            String earlier = seen.putIfAbsent(layer, position);
            if (earlier != null) {
                throw new IllegalArgumentException("Layer " + layer + " appears twice in Sequential: at positions "
                        + earlier + " and " + position
                        + " (each position needs its own instance: a layer caches its last forward pass)");
            }
            if (layer instanceof Sequential nested) {
                requireDistinct(nested.layers, position + ".", seen);
            }
        }
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(int index) {
        return layers.get(index);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }

    /** The first layer reads the rows ({@link Layer#forwardRows}), the others its output. */
    @Override
    public Tensor forwardRows(Tensor input, int from, int to) {
        return forwardFrom(layers.get(0).forwardRows(input, from, to));
    }

    /** The first layer reads the rows by index ({@link Layer#forwardRows(Tensor, int[])}), the others its output. */
    @Override
    public Tensor forwardRows(Tensor input, int[] rows) {
        return forwardFrom(layers.get(0).forwardRows(input, rows));
    }

    /** The layers after the first on the first one's output. */
    private Tensor forwardFrom(Tensor first) {
        Tensor x = first;
        for (int i = 1; i < layers.size(); i++) {
            x = layers.get(i).forward(x);
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    /**
     * Backward through the layers down to the first one that has parameters, which gets
     * {@link Layer#backwardToParameters}: the gradient with respect to the model's input is
     * never computed. This is what training calls.
     */
    @Override
    public void backwardToParameters(Tensor gradOutput) {
        int first = 0;
        while (first < layers.size() - 1 && layers.get(first).parameters().isEmpty()) {
            first++;
        }
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i > first; i--) {
            g = layers.get(i).backward(g);
        }
        layers.get(first).backwardToParameters(g);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return Collections.unmodifiableList(all);
    }

    /** The children's replicas, in order; empty if any child has none. */
    @Override
    public Optional<Layer> replica() {
        List<Layer> copies = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            Optional<Layer> copy = layer.replica();
            if (copy.isEmpty()) {
                return Optional.empty();
            }
            copies.add(copy.get());
        }
        return Optional.of(new Sequential(copies));
    }

    @Override
    public int[] outputShape(int... inputShape) {
        int[] s = inputShape;
        for (Layer layer : layers) {
            s = layer.outputShape(s);
        }
        return s;
    }

    /** Total number of scalar parameters (trainable or not). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /**
     * A table like Keras' {@code model.summary()}: each layer, its output shape for a batch of
     * inputs of {@code inputShape} (batch dimension shown as {@code -1}), and its parameter
     * count.
     */
    public String summary(int... inputShape) {
        String rule = "-".repeat(66) + "\n";
        StringBuilder sb = new StringBuilder(rule);
        sb.append(String.format(Locale.ROOT, "%-36s %-18s %10s%n", "Layer", "Output shape", "Params"));
        sb.append("=".repeat(66)).append('\n');
        int[] s = inputShape;
        long total = 0;
        long trainable = 0;
        for (Layer layer : layers) {
            s = layer.outputShape(s);
            long n = 0;
            for (Parameter p : layer.parameters()) {
                n += p.size();
                if (p.trainable()) {
                    trainable += p.size();
                }
            }
            total += n;
            int[] shown = s.clone();
            if (shown.length > 0) {
                shown[0] = -1;
            }
            String name = layer.toString();
            if (name.length() > 36) {
                name = name.substring(0, 33) + "...";
            }
            sb.append(String.format(Locale.ROOT, "%-36s %-18s %10d%n", name, Arrays.toString(shown), n));
        }
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "Total params: %d (trainable %d, frozen %d)%n", total, trainable, total - trainable));
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(layers.get(i));
        }
        return sb.append(')').toString();
    }
}
