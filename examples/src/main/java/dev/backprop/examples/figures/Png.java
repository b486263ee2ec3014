package dev.backprop.examples.figures;

import dev.backprop.datasets.AtomicFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writing figures as PNG, and the drawing defaults all Java2D figures share. */
public final class Png {

    /** Title, label and tick fonts, matplotlib-like sizes at 100 dpi. */
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Png() {
    }

    /** Writes {@code image} as a PNG file, atomically. */
    public static void write(Path target, BufferedImage image) throws IOException {
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("No PNG writer available in this Java runtime");
            }
        });
    }

    /** A white RGB canvas and its graphics, antialiased. The caller disposes the graphics. */
    static BufferedImage canvas(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Invalid figure size: " + width + " x " + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** Draws {@code text} centred horizontally on {@code cx} with its baseline at {@code y}. */
    static void centered(Graphics2D g, String text, double cx, double y) {
        int w = g.getFontMetrics().stringWidth(text);
        g.drawString(text, (float) (cx - w / 2.0), (float) y);
    }

    /** Draws {@code text} rotated a quarter turn counter-clockwise, centred on (cx, cy). */
    static void vertical(Graphics2D g, String text, double cx, double cy) {
        Graphics2D r = (Graphics2D) g.create();
        r.translate(cx, cy);
        r.rotate(-Math.PI / 2);
        int w = r.getFontMetrics().stringWidth(text);
        int ascent = r.getFontMetrics().getAscent();
        r.drawString(text, -w / 2f, ascent / 2f);
        r.dispose();
    }
}
