package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fashion-MNIST as installed by Debian's dataset-fashion-mnist; skipped, with the reason, where it is not. */
class FashionMnistTest {

    private static boolean skipReported;

    /** Per test, so that a skip is counted and reported for each test; the reason is printed once. */
    @BeforeEach
    void requireTheDebianPackage() {
        if (!Files.isDirectory(FashionMnist.DEBIAN_DIRECTORY)) {
            String reason = "Fashion-MNIST tests skipped: " + FashionMnist.DEBIAN_DIRECTORY
                    + " does not exist (apt-get install dataset-fashion-mnist)";
            if (!skipReported) {
                skipReported = true;
                System.err.println("[SKIPPED] " + reason);
            }
            Assumptions.abort(reason);
        }
    }

    @Test
    void loadsAndVerifiesTheDebianFiles() {
        TrainTestData fashion = FashionMnist.load(FashionMnist.DEBIAN_DIRECTORY);
        assertEquals("Fashion-MNIST", fashion.name());
        assertEquals(60000, fashion.train().size());
        assertEquals(10000, fashion.test().size());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000},
                fashion.train().labelCounts());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000},
                fashion.test().labelCounts());
        assertEquals(10, FashionMnist.CLASS_NAMES.size());
    }

    @Test
    void isNotMistakenForMnist() {
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(FashionMnist.DEBIAN_DIRECTORY));
        assertTrue(e.getMessage().startsWith(FashionMnist.DEBIAN_DIRECTORY.resolve("train-images-idx3-ubyte.gz")
                + ": not the MNIST file train-images-idx3-ubyte: SHA-256 of its decompressed bytes is "
                + FashionMnist.SHA256.get("train-images-idx3-ubyte")), e.getMessage());
    }
}
