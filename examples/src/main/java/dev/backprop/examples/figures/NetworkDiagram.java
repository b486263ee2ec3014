package dev.backprop.examples.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lesson's {@code plot_nn} picture for any layer sizes: a column of circles per layer
 * (input blue, hidden green, output orange, the lesson's colours), every neuron joined to every
 * neuron of the next layer, and a label under each column. Layers wider than
 * {@code maxShown} neurons are drawn as their first and last neurons with a vertical ellipsis
 * between, and the label gives the true width.
 */
public final class NetworkDiagram {

    private static final Color INPUT_FACE = new Color(0xe6f0ff);
    private static final Color INPUT_EDGE = new Color(0x1f4acc);
    private static final Color HIDDEN_FACE = new Color(0xe8ffe6);
    private static final Color HIDDEN_EDGE = new Color(0x2a8f2a);
    private static final Color OUTPUT_FACE = new Color(0xfff0e6);
    private static final Color OUTPUT_EDGE = new Color(0xc75e1a);

    /** The lesson's geometry in pixels: radius 0.12, layer gap 1.5, neuron spacing 4 r. */
    private static final double RADIUS = 18;
    private static final double LAYER_GAP = 225;
    private static final double SPACING = 4 * RADIUS;
    private static final double MAX_COLUMN = 560;
    private static final int MARGIN_X = 90;
    private static final int MARGIN_TOP = 30;
    private static final int MARGIN_BOTTOM = 70;

    /**
     * The most layers drawn: each adds a column 225 pixels wide, so 20
     * layers already make an image 4,455 pixels wide, and a few thousand would not fit in memory.
     */
    public static final int MAX_LAYERS = 20;

    private final int[] sizes;
    private final int maxShown;

    /**
     * @param sizes    neurons per layer, input first, output last (2 to {@link #MAX_LAYERS} layers)
     * @param maxShown the most neurons drawn in one column (at least 2)
     */
    public NetworkDiagram(int[] sizes, int maxShown) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("Invalid layer sizes " + Arrays.toString(sizes)
                    + " (need at least an input and an output layer)");
        }
        if (sizes.length > MAX_LAYERS) {
            throw new IllegalArgumentException("Invalid layer sizes: " + sizes.length + " layers (at most "
                    + MAX_LAYERS + " are drawn)");
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("Invalid layer sizes " + Arrays.toString(sizes)
                        + " (every layer needs at least one neuron)");
            }
        }
        if (maxShown < 2) {
            throw new IllegalArgumentException("Invalid maxShown: " + maxShown + " (must be >= 2)");
        }
        this.sizes = sizes.clone();
        this.maxShown = maxShown;
    }

    /** Number of rows a column takes: the neurons drawn, plus one for the ellipsis if cut. */
    private int slots(int size) {
        return size <= maxShown ? size : maxShown + 1;
    }

    private int tallest() {
        int n = 1;
        for (int s : sizes) {
            n = Math.max(n, slots(s));
        }
        return n;
    }

    private double spacing() {
        int n = tallest();
        return n <= 1 ? SPACING : Math.min(SPACING, MAX_COLUMN / (n - 1));
    }

    public int width() {
        return (int) Math.round(2 * MARGIN_X + (sizes.length - 1) * LAYER_GAP);
    }

    public int height() {
        return (int) Math.round(MARGIN_TOP + (tallest() - 1) * spacing() + 2 * RADIUS + MARGIN_BOTTOM);
    }

    /** The y of each drawn neuron of layer {@code l} (NaN marks the ellipsis slot). */
    private double[] ys(int l) {
        int size = sizes[l];
        int slots = slots(size);
        double spacing = spacing();
        double centre = MARGIN_TOP + RADIUS + (tallest() - 1) * spacing / 2;
        double[] ys = new double[slots];
        for (int i = 0; i < slots; i++) {
            ys[i] = centre + (i - (slots - 1) / 2.0) * spacing;
        }
        if (size > maxShown) {
            ys[maxShown / 2] = Double.NaN;
        }
        return ys;
    }

    public BufferedImage render() {
        BufferedImage image = Png.canvas(width(), height());
        Graphics2D g = Png.graphics(image);
        double spacing = spacing();
        double r = Math.min(RADIUS, 0.4 * spacing);
        int last = sizes.length - 1;

        for (int l = 0; l < last; l++) {
            double[] a = ys(l);
            double[] b = ys(l + 1);
            double x1 = x(l) + r;
            double x2 = x(l + 1) - r;
            int lines = count(a) * count(b);
            // Dense layers have many lines: fade them so the picture stays readable (the lesson
            // uses alpha 0.8 for a few, 0.3 for many).
            float alpha = (float) Math.max(0.08, Math.min(0.8, 6.0 / Math.sqrt(lines)));
            g.setColor(new Color(0f, 0f, 0f, alpha));
            g.setStroke(new BasicStroke(1.3f));
            for (double ya : a) {
                for (double yb : b) {
                    if (!Double.isNaN(ya) && !Double.isNaN(yb)) {
                        g.draw(new Line2D.Double(x1, ya, x2, yb));
                    }
                }
            }
        }
        for (int l = 0; l <= last; l++) {
            Color face = l == 0 ? INPUT_FACE : l == last ? OUTPUT_FACE : HIDDEN_FACE;
            Color edge = l == 0 ? INPUT_EDGE : l == last ? OUTPUT_EDGE : HIDDEN_EDGE;
            double[] ys = ys(l);
            for (double y : ys) {
                if (Double.isNaN(y)) {
                    continue;
                }
                Ellipse2D circle = new Ellipse2D.Double(x(l) - r, y - r, 2 * r, 2 * r);
                g.setColor(face);
                g.fill(circle);
                g.setColor(edge);
                g.setStroke(new BasicStroke(2f));
                g.draw(circle);
            }
            if (sizes[l] > maxShown) {
                int gap = maxShown / 2;
                double mid = (ys[gap - 1] + ys[gap + 1]) / 2;
                g.setColor(edge);
                double dot = Math.max(2, r / 4);
                for (int k = -1; k <= 1; k++) {
                    g.fill(new Ellipse2D.Double(x(l) - dot, mid + k * spacing / 4 - dot, 2 * dot, 2 * dot));
                }
            }
            g.setColor(Color.BLACK);
            g.setFont(Png.LABEL);
            double bottom = height() - MARGIN_BOTTOM + 26;
            Png.centered(g, label(l), x(l), bottom);
            g.setFont(Png.TICK);
            Png.centered(g, sizes[l] + (sizes[l] == 1 ? " neuron" : " neurons"), x(l), bottom + 20);
        }
        g.dispose();
        return image;
    }

    public void save(Path target) throws IOException {
        Png.write(target, render());
    }

    private String label(int l) {
        if (l == 0) {
            return "input x";
        }
        if (l == sizes.length - 1) {
            return "output \u0177";
        }
        return sizes.length == 3 ? "hidden h" : "hidden h" + l;
    }

    private double x(int l) {
        return MARGIN_X + l * LAYER_GAP;
    }

    private static int count(double[] ys) {
        int n = 0;
        for (double y : ys) {
            if (!Double.isNaN(y)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "NetworkDiagram(" + Arrays.toString(sizes) + ", maxShown " + maxShown + ")";
    }
}
