package dev.backprop.examples.io;

import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NpyTest {

    private static byte[] bytes(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        return out.toByteArray();
    }

    private static String header(byte[] b) {
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        return new String(b, 10, len, StandardCharsets.US_ASCII);
    }

    @Test
    void matrixHeaderIsVersionOneFloat64COrderAlignedTo64() throws IOException {
        byte[] b = bytes(Tensor.zeros(784, 21));
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        String h = header(b);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (784, 21), }", h.strip());
        assertEquals('\n', h.charAt(h.length() - 1));
        assertEquals(0, (10 + h.length()) % 64);
        assertEquals(10 + h.length() + 8 * 784 * 21, b.length);
    }

    @Test
    void vectorShapeHasTrailingCommaAndScalarHasEmptyTuple() throws IOException {
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (21,), }",
                header(bytes(Tensor.zeros(21))).strip());
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                header(bytes(Tensor.scalar(2.5))).strip());
    }

    @Test
    void elementsAreLittleEndianDoublesInRowMajorOrder(@TempDir Path dir) throws IOException {
        Tensor t = Tensor.fromRows(new double[] {1.5, -2.0, Math.PI}, new double[] {0.1, Double.MIN_VALUE, 1e300});
        Path file = dir.resolve("w.npy");
        Npy.write(file, t);
        byte[] b = Files.readAllBytes(file);
        int offset = 10 + header(b).length();
        ByteBuffer data = ByteBuffer.wrap(b, offset, b.length - offset).order(ByteOrder.LITTLE_ENDIAN);
        for (double expected : t.data()) {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(data.getDouble()));
        }
        assertEquals(0, data.remaining());
    }

    @Test
    void aReadOnlyTensorIsWrittenLikeAnyOther() throws IOException {
        Tensor t = Tensor.fromRows(new double[] {1.5, -2.0}, new double[] {0.1, 1e300});
        assertArrayEquals(bytes(t), bytes(t.copy().readOnly()));
    }
}
