package dev.backprop.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that a file is a valid PNG of an expected size with something drawn on it. */
public final class PngAssert {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngAssert() {
    }

    /** Asserts {@code file} is a PNG of {@code width x height} that is not a single colour. */
    public static BufferedImage assertPng(Path file, int width, int height) throws IOException {
        BufferedImage image = assertPng(file);
        assertEquals(width, image.getWidth(), file + " width");
        assertEquals(height, image.getHeight(), file + " height");
        return image;
    }

    /** Asserts {@code file} is a decodable PNG that is not a single colour. */
    public static BufferedImage assertPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " exists");
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(file), 0, head, 0, 8);
        assertArrayEquals(SIGNATURE, head, file + " PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " decodes");
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 3) {
            for (int x = 0; x < image.getWidth() && !varied; x += 3) {
                varied = image.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, file + " has content");
        return image;
    }
}
