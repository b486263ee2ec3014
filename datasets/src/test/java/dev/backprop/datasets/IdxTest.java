package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    static IdxArray images() {
        byte[] data = new byte[3 * 4 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 37);
        }
        return new IdxArray(new int[] {3, 4, 5}, data);
    }

    @Test
    void encodesTheHeaderBigEndian() {
        byte[] raw = Idx.encode(new IdxArray(new int[] {2, 258}, new byte[516]));
        assertEquals("000008020000000200000102", HexFormat.of().formatHex(raw, 0, 12));
        assertEquals(12 + 516, raw.length);
    }

    @Test
    void roundTripRaw() {
        Path file = dir.resolve("images-idx3-ubyte");
        Idx.write(file, images(), false);
        assertFalse(Idx.isGzip(readAll(file)));
        assertEquals(images(), Idx.read(file));
        assertEquals(255, new IdxArray(new int[] {1}, new byte[] {(byte) 255}).getUnsigned(0));
    }

    @Test
    void roundTripGzip() {
        Path file = dir.resolve("images-idx3-ubyte.gz");
        Idx.write(file, images(), true);
        byte[] content = readAll(file);
        assertTrue(Idx.isGzip(content));
        // fixed gzip header: magic, deflate, no flags, modification time 0, no extra flags, OS 255
        assertEquals("1f8b0800000000000", HexFormat.of().formatHex(content, 0, 9).substring(0, 17));
        assertEquals(images(), Idx.read(file));
        assertEquals(images(), Idx.decode(content, "memory"));
    }

    @Test
    void gzipIsDetectedFromTheContentNotTheName() {
        Path gzipWithoutSuffix = dir.resolve("labels");
        Path rawWithGzSuffix = dir.resolve("labels.gz");
        Idx.write(gzipWithoutSuffix, images(), true);
        Idx.write(rawWithGzSuffix, images(), false);
        assertEquals(images(), Idx.read(gzipWithoutSuffix));
        assertEquals(images(), Idx.read(rawWithGzSuffix));
    }

    @Test
    void gzipOutputIsReproducible() {
        assertArrayEquals(Idx.encodeGzip(images()), Idx.encodeGzip(images()));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("x-idx1-ubyte");
        Files.writeString(file, "old content");
        Idx.write(file, new IdxArray(new int[] {2}, new byte[] {1, 2}), false);
        assertEquals(new IdxArray(new int[] {2}, new byte[] {1, 2}), Idx.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void wrongMagic() {
        byte[] raw = Idx.encode(images());
        raw[0] = 0x12;
        assertMessage(raw, "memory: wrong magic number 0x12000803 (an IDX file starts with two zero bytes,"
                + " the type 0x08 and the dimension count, e.g. 0x00000803)");
    }

    @Test
    void unsupportedType() {
        byte[] raw = Idx.encode(images());
        raw[2] = 0x0D;
        assertMessage(raw, "memory: unsupported IDX data type 0x0d (float); only 0x08 (unsigned byte) is supported");
    }

    @Test
    void zeroDimensions() {
        assertMessage(new byte[] {0, 0, 8, 0}, "memory: dimension count is 0 (must be at least 1)");
    }

    @Test
    void headerCutShort() {
        assertMessage(new byte[] {0, 0, 8, 3, 0, 0, 0, 3}, "memory: file has 8 bytes, shorter than its 16-byte"
                + " header (3 dimensions)");
        assertMessage(new byte[] {0, 0}, "memory: file has 2 bytes, too short for an IDX header (at least 4)");
        assertMessage(new byte[0], "memory: file has 0 bytes, too short for an IDX header (at least 4)");
    }

    @Test
    void nonPositiveDimension() {
        byte[] raw = Idx.encode(images());
        raw[8] = 0;
        raw[9] = 0;
        raw[10] = 0;
        raw[11] = 0;
        assertMessage(raw, "memory: dimension 1 is 0 (must be in 1..2147483647)");
        raw[8] = (byte) 0xff;
        assertMessage(raw, "memory: dimension 1 is 4278190080 (must be in 1..2147483647)");
    }

    @Test
    void payloadShorterOrLongerThanTheHeaderSays() {
        byte[] raw = Idx.encode(images());
        assertMessage(Arrays.copyOf(raw, raw.length - 1),
                "memory: payload has 59 bytes, header [3, 4, 5] says 60 (truncated file?)");
        assertMessage(Arrays.copyOf(raw, raw.length + 2),
                "memory: payload has 62 bytes, header [3, 4, 5] says 60 (trailing bytes)");
        byte[] huge = {0, 0, 8, 3, 0x7f, -1, -1, -1, 0x7f, -1, -1, -1, 0x7f, -1, -1, -1, 1};
        assertMessage(huge, "memory: payload has 1 bytes, header [2147483647, 2147483647, 2147483647] says "
                + "9903520300447984150353281023 (truncated file?)");
    }

    @Test
    void damagedGzip() {
        byte[] gz = Idx.encodeGzip(images());
        DatasetException e = assertThrows(DatasetException.class,
                () -> Idx.decode(Arrays.copyOf(gz, gz.length - 5), "images.gz"));
        assertTrue(e.getMessage().startsWith("images.gz: damaged gzip data ("), e.getMessage());
        assertEquals("images.gz", e.source());
    }

    @Test
    void missingFileNamesIt() {
        Path missing = dir.resolve("nothing-here");
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void idxArrayRejectsInconsistentShapes() {
        assertEquals("IDX shape [2, 3] needs 6 values, got 5", assertThrows(IllegalArgumentException.class,
                () -> new IdxArray(new int[] {2, 3}, new byte[5])).getMessage());
        assertEquals("Invalid IDX shape [2, 0] (every dimension must be positive)",
                assertThrows(IllegalArgumentException.class, () -> new IdxArray(new int[] {2, 0}, new byte[0]))
                        .getMessage());
        assertEquals("IdxArray(unsigned byte, [3, 4, 5])", images().toString());
        assertEquals(0x00000803, images().magic());
    }

    private static void assertMessage(byte[] content, String expected) {
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.decode(content, "memory"));
        assertEquals(expected, e.getMessage());
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
