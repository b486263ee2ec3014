package dev.backprop.examples.figures;

import dev.backprop.examples.ConfusionMatrix;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Confusion matrices side by side, drawn like the lesson's {@code imshow}: viridis colours
 * scaled to each matrix's largest count, x axis "True label", y axis "Predicted label", the
 * accuracy in each title ("Train | Accuracy : 85.12%"), and the count written in every cell.
 */
public final class ConfusionMatrixFigure {

    /** Cell edge in pixels. */
    static final int CELL = 38;
    private static final int LEFT = 70;
    private static final int RIGHT = 24;
    private static final int TOP = 44;
    private static final int BOTTOM = 62;

    private ConfusionMatrixFigure() {
    }

    /** The panel title the lesson uses: {@code "Train | Accuracy : 85.12%"}. */
    public static String title(String name, double accuracy) {
        return name + " | Accuracy : " + String.format(Locale.ROOT, "%2.2f", accuracy * 100) + "%";
    }

    /** Width in pixels of a figure of {@code panels} matrices with {@code classes} columns. */
    public static int width(int panels, int classes) {
        return panels * (LEFT + classes * CELL + RIGHT);
    }

    /** Height in pixels of a figure whose tallest matrix has {@code rows} rows. */
    public static int height(int rows) {
        return TOP + rows * CELL + BOTTOM;
    }

    /** Draws the matrices left to right, each under its title. */
    public static BufferedImage render(String[] titles, ConfusionMatrix... matrices) {
        if (matrices.length == 0 || titles.length != matrices.length) {
            throw new IllegalArgumentException("ConfusionMatrixFigure: " + titles.length + " titles for "
                    + matrices.length + " matrices");
        }
        int classes = matrices[0].classes();
        int rows = 0;
        for (ConfusionMatrix m : matrices) {
            if (m.classes() != classes) {
                throw new IllegalArgumentException("ConfusionMatrixFigure: matrices with " + classes
                        + " and " + m.classes() + " classes");
            }
            rows = Math.max(rows, m.rows());
        }
        BufferedImage image = Png.canvas(width(matrices.length, classes), height(rows));
        Graphics2D g = Png.graphics(image);
        int panelWidth = LEFT + classes * CELL + RIGHT;
        for (int p = 0; p < matrices.length; p++) {
            drawPanel(g, p * panelWidth, titles[p], matrices[p], rows, p == 0);
        }
        g.dispose();
        return image;
    }

    /** Draws the train | test pair of the lesson and writes it as a PNG. */
    public static void save(Path target, ConfusionMatrix train, ConfusionMatrix test) throws IOException {
        Png.write(target, render(new String[] {title("Train", train.accuracy()), title("Test", test.accuracy())},
                train, test));
    }

    private static void drawPanel(Graphics2D g, int x0, String title, ConfusionMatrix m, int rows,
                                  boolean yLabel) {
        int classes = m.classes();
        int left = x0 + LEFT;
        double max = Math.max(1, m.max());
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < classes; c++) {
                double t = m.count(r, c) / max;
                int x = left + c * CELL;
                int y = TOP + r * CELL;
                g.setColor(Viridis.color(t));
                g.fillRect(x, y, CELL, CELL);
                g.setFont(Png.SMALL);
                g.setColor(Viridis.light(t) ? Color.BLACK : Color.WHITE);
                String count = Integer.toString(m.count(r, c));
                Png.centered(g, count, x + CELL / 2.0, y + CELL / 2.0 + g.getFontMetrics().getAscent() / 2.0 - 1);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, TOP, classes * CELL, m.rows() * CELL);

        g.setColor(Color.BLACK);
        g.setFont(Png.TICK);
        int ascent = g.getFontMetrics().getAscent();
        for (int c = 0; c < classes; c++) {
            int cx = left + c * CELL + CELL / 2;
            g.drawLine(cx, TOP + m.rows() * CELL, cx, TOP + m.rows() * CELL + 4);
            Png.centered(g, Integer.toString(c), cx, TOP + m.rows() * CELL + 6 + ascent);
        }
        for (int r = 0; r < m.rows(); r++) {
            int cy = TOP + r * CELL + CELL / 2;
            g.drawLine(left - 4, cy, left, cy);
            String label = Integer.toString(r);
            int w = g.getFontMetrics().stringWidth(label);
            g.drawString(label, left - 7 - w, cy + ascent / 2 - 1);
        }
        g.setFont(Png.LABEL);
        Png.centered(g, "True label", left + classes * CELL / 2.0, TOP + m.rows() * CELL + 26 + ascent);
        if (yLabel) {
            Png.vertical(g, "Predicted label", x0 + 18, TOP + m.rows() * CELL / 2.0);
        }
        g.setFont(Png.TITLE);
        Png.centered(g, title, left + classes * CELL / 2.0, TOP - 14);
    }
}
