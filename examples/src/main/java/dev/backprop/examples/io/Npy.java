package dev.backprop.examples.io;

import dev.backprop.datasets.AtomicFiles;
import dev.backprop.core.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * NumPy's {@code .npy} format, version 1.0, for float64 tensors: what {@code numpy.save} writes
 * and {@code numpy.load} reads.
 *
 * <pre>
 * bytes 0-5   magic "\x93NUMPY"
 * bytes 6-7   version 1, 0
 * bytes 8-9   header length H, little-endian uint16
 * H bytes     ASCII dict "{'descr': '&lt;f8', 'fortran_order': False, 'shape': (784, 21), }",
 *             space-padded and ending in '\n' so that 10 + H is a multiple of 64
 * then        the elements as little-endian IEEE 754 doubles, in C (row-major) order
 * </pre>
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;

    private Npy() {
    }

    /** Writes {@code tensor} to {@code target} (atomically). */
    public static void write(Path target, Tensor tensor) throws IOException {
        AtomicFiles.write(target, out -> write(out, tensor));
    }

    /** Writes {@code tensor} in {@code .npy} format to {@code out}. */
    public static void write(OutputStream out, Tensor tensor) throws IOException {
        byte[] header = header(tensor.shape());
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length & 0xff);
        out.write(header.length >>> 8);
        out.write(header);
        DoubleBuffer values = tensor.buffer();   // read-only tensors too
        ByteBuffer buffer = ByteBuffer.allocate(8 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < tensor.size(); i++) {
            if (!buffer.hasRemaining()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putDouble(values.get(i));
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    /** The padded header dict for a float64 C-order array of {@code shape}. */
    static byte[] header(int[] shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            dims.append(','); // a one-element Python tuple needs its trailing comma
        }
        dims.append(')');
        StringBuilder h = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': ")
                .append(dims).append(", }");
        int unpadded = MAGIC.length + 2 + 2 + h.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        h.append(" ".repeat(padding)).append('\n');
        if (h.length() > 0xffff) {
            throw new IllegalArgumentException("Shape too long for an .npy v1.0 header: rank " + shape.length);
        }
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
