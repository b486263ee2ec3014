package dev.backprop.examples.figures;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Activation functions and their derivatives, side by side, like the lesson's activation
 * figure. Both curves come from the layers themselves: {@code f(x)} from {@code forward}, and
 * {@code f'(x)} from {@code backward} of a gradient of ones, so the picture shows exactly what
 * training uses.
 */
public final class ActivationFigure {

    private final Map<String, Layer> activations = new LinkedHashMap<>();
    private double from = -5;
    private double to = 5;
    private int points = 401;

    /** Adds an activation layer under {@code name}. */
    public ActivationFigure add(String name, Layer activation) {
        if (activations.containsKey(name)) {
            throw new IllegalArgumentException("Duplicate activation name: '" + name + "'");
        }
        activations.put(name, activation);
        return this;
    }

    /** The x range drawn, with {@code points} samples. */
    public ActivationFigure range(double from, double to, int points) {
        if (!(from < to) || points < 2) {
            throw new IllegalArgumentException("Invalid range: [" + from + ", " + to + "] with " + points + " points");
        }
        this.from = from;
        this.to = to;
        this.points = points;
        return this;
    }

    /** f(x) on the left, f'(x) on the right, each {@code panelWidth x height}. */
    public BufferedImage render(int panelWidth, int height) {
        if (activations.isEmpty()) {
            throw new IllegalStateException("ActivationFigure has no activations");
        }
        double[] x = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = from + (to - from) * i / (points - 1);
        }
        // Top left is where these curves leave room: all are near 0 or -1 for negative x.
        LineChart values = new LineChart("Activation functions", "x", "f(x)").legendTopLeft(true);
        LineChart slopes = new LineChart("Derivatives", "x", "f'(x)").legendTopLeft(true);
        for (Map.Entry<String, Layer> e : activations.entrySet()) {
            Tensor input = Tensor.of(x.clone(), 1, points);
            Layer layer = e.getValue();
            Tensor y = layer.forward(input);
            Tensor dy = layer.backward(Tensor.filled(1.0, 1, points));
            values.series(e.getKey(), x, y.toArray());
            slopes.series(e.getKey(), x, dy.toArray());
        }
        BufferedImage left = values.render(panelWidth, height);
        BufferedImage right = slopes.render(panelWidth, height);
        BufferedImage image = Png.canvas(2 * panelWidth, height);
        Graphics2D g = image.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, panelWidth, 0, null);
        g.dispose();
        return image;
    }

    public void save(Path target, int panelWidth, int height) throws IOException {
        Png.write(target, render(panelWidth, height));
    }
}
