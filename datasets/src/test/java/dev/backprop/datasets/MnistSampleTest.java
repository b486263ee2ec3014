package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real-MNIST sample bundled in the jar. Expected values from numpy
 * ({@code src/test/python/reference_values.py}).
 */
class MnistSampleTest {

    static TrainTestData sample;

    @BeforeAll
    static void load() {
        sample = Mnist.sample();
    }

    @Test
    void sizesAndLabelCounts() {
        assertEquals("MNIST sample", sample.name());
        assertEquals(6000, sample.train().size());
        assertEquals(1000, sample.test().size());
        assertEquals(28, sample.train().height());
        assertEquals(28, sample.train().width());
        assertArrayEquals(new int[] {592, 671, 581, 608, 623, 514, 608, 651, 551, 601}, sample.train().labelCounts());
        assertArrayEquals(new int[] {85, 126, 116, 107, 110, 87, 87, 99, 89, 94}, sample.test().labelCounts());
        // MNIST's first training digits are 5, 0, 4, 1, 9; the first test digits 7, 2, 1, 0, 4
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, Arrays.copyOf(sample.train().labels(), 5));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4}, Arrays.copyOf(sample.test().labels(), 5));
    }

    @Test
    void standardizedRowsEqualTheLessonsNumpyBitForBit() {
        Tensor x = Preprocessing.standardizePerSampleInPlace(sample.train().images());
        assertEquals(Double.parseDouble("0x1.c094d3abbd03ap-2"), x.get(0, 350), 0.0);
        assertEquals(Double.parseDouble("-0x1.efe0eac3ad0acp-2"), x.get(5999, 783), 0.0);
        assertEquals("aa61e81c77673c3442739a0c32dbff15693324071ed9c381e9736317b6e6d2d3", new DoubleDigest().update(x).hex());
    }

    @Test
    void isSmallAndCarriesItsNotice() throws IOException {
        long bytes = 0;
        for (String name : Mnist.FILES) {
            try (InputStream in = Mnist.class.getResourceAsStream("mnist-sample/" + name + ".gz")) {
                bytes += in.readAllBytes().length;
            }
        }
        assertTrue(bytes <= 3_000_000, bytes + " bytes");
        try (InputStream in = Mnist.class.getResourceAsStream("mnist-sample/NOTICE.md")) {
            String notice = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(notice.contains("Yann LeCun, Corinna Cortes and Christopher J. C. Burges"), notice);
            assertTrue(notice.contains("CC BY-SA 3.0"), notice);
            for (String sha : Mnist.SAMPLE_SHA256.values()) {
                assertTrue(notice.contains(sha), "the notice lists the sample's checksums");
            }
        }
    }

    @Test
    void aDamagedSampleIsRejected() {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        for (String name : Mnist.FILES) {
            try (InputStream in = Mnist.class.getResourceAsStream("mnist-sample/" + name + ".gz")) {
                raw.put(name, Idx.uncompressed(in.readAllBytes(), name));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        raw.get(Mnist.FILES.get(2))[5000] ^= 1;
        DatasetException e = assertThrows(DatasetException.class,
                () -> MnistFormat.assemble(Mnist.SAMPLE, raw, name -> "resource " + name));
        assertTrue(e.getMessage().startsWith("resource t10k-images-idx3-ubyte: not the MNIST sample file"
                + " t10k-images-idx3-ubyte: SHA-256 of its decompressed bytes is "), e.getMessage());
    }
}
