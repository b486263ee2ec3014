package dev.backprop.examples.figures;

import dev.backprop.core.Tensor;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Grids of square images, one row per class, drawn like the lesson's {@code imshow} (viridis,
 * each image scaled to its own min..max):
 * <ul>
 *   <li>{@link #samples}: the first {@code perClass} images of each label (the lesson shows 10);</li>
 *   <li>{@link #predictions}: the first {@code perClass} images of each true label, each titled
 *       "P: k" with its predicted label, in red when wrong (the lesson shows 5).</li>
 * </ul>
 * Images are the rows of a {@code [n, side * side]} tensor. A class with fewer images than
 * {@code perClass} leaves its remaining cells blank.
 */
public final class DigitGrid {

    /** Screen pixels per image pixel. */
    static final int SCALE = 3;
    static final int GAP = 8;
    static final int LABEL_WIDTH = 36;
    static final int TITLE_HEIGHT = 20;
    static final int MARGIN = 10;

    private DigitGrid() {
    }

    /** Width of a grid of {@code perClass} images of side {@code side}. */
    public static int width(int perClass, int side) {
        return LABEL_WIDTH + perClass * (side * SCALE + GAP) + MARGIN;
    }

    /** Height of a grid of {@code classes} rows of images of side {@code side}. */
    public static int height(int classes, int side, boolean titled) {
        return MARGIN + classes * (side * SCALE + GAP + (titled ? TITLE_HEIGHT : 0)) + MARGIN;
    }

    /** The first {@code perClass} images of each label {@code 0..classes-1}, a row per label. */
    public static BufferedImage samples(Tensor images, int[] labels, int classes, int perClass) {
        return render(images, labels, null, classes, perClass);
    }

    /**
     * The first {@code perClass} images of each true label, each titled "P: k" with its
     * predicted label.
     */
    public static BufferedImage predictions(Tensor images, int[] labels, int[] predicted, int classes, int perClass) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("DigitGrid: " + predicted.length + " predictions for "
                    + labels.length + " labels");
        }
        return render(images, labels, predicted, classes, perClass);
    }

    public static void saveSamples(Path target, Tensor images, int[] labels, int classes, int perClass)
            throws IOException {
        Png.write(target, samples(images, labels, classes, perClass));
    }

    public static void savePredictions(Path target, Tensor images, int[] labels, int[] predicted, int classes,
                                       int perClass) throws IOException {
        Png.write(target, predictions(images, labels, predicted, classes, perClass));
    }

    private static BufferedImage render(Tensor images, int[] labels, int[] predicted, int classes, int perClass) {
        if (images.rank() != 2 || images.rows() != labels.length) {
            throw new IllegalArgumentException("DigitGrid: images " + Arrays.toString(images.shape())
                    + " for " + labels.length + " labels (expected [" + labels.length + ", side * side])");
        }
        int side = (int) Math.round(Math.sqrt(images.cols()));
        if (side * side != images.cols()) {
            throw new IllegalArgumentException("DigitGrid: rows of " + images.cols()
                    + " values are not square images");
        }
        if (classes < 1 || perClass < 1) {
            throw new IllegalArgumentException("DigitGrid: invalid grid " + classes + " x " + perClass);
        }
        boolean titled = predicted != null;
        BufferedImage image = Png.canvas(width(perClass, side), height(classes, side, titled));
        Graphics2D g = Png.graphics(image);
        // Pixels stay crisp squares, as imshow shows them.
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        int cell = side * SCALE;
        int rowHeight = cell + GAP + (titled ? TITLE_HEIGHT : 0);
        for (int k = 0; k < classes; k++) {
            int y = MARGIN + k * rowHeight + (titled ? TITLE_HEIGHT : 0);
            g.setColor(Color.BLACK);
            g.setFont(Png.LABEL);
            Png.centered(g, Integer.toString(k), LABEL_WIDTH / 2.0, y + cell / 2.0 + 5);
            int shown = 0;
            for (int i = 0; i < labels.length && shown < perClass; i++) {
                if (labels[i] != k) {
                    continue;
                }
                int x = LABEL_WIDTH + shown * (cell + GAP);
                g.drawImage(digit(images, i, side), x, y, cell, cell, null);
                if (titled) {
                    boolean right = predicted[i] == labels[i];
                    g.setColor(right ? Color.BLACK : new Color(0xc62828));
                    g.setFont(Png.TICK);
                    Png.centered(g, "P: " + predicted[i], x + cell / 2.0, y - 5);
                }
                shown++;
            }
        }
        g.dispose();
        return image;
    }

    /** Row {@code index} as a side x side viridis image scaled to its own range. */
    private static BufferedImage digit(Tensor images, int index, int side) {
        double[] d = images.sliceRows(index, index + 1).data();   // a copy: images may be read-only
        int offset = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < side * side; j++) {
            min = Math.min(min, d[offset + j]);
            max = Math.max(max, d[offset + j]);
        }
        double range = max > min ? max - min : 1;
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                img.setRGB(c, r, Viridis.rgb((d[offset + r * side + c] - min) / range));
            }
        }
        return img;
    }
}
