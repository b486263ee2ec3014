package dev.backprop.datasets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes IDX files, the format of MNIST (LeCun et al.): a big-endian header
 * <pre>
 *   byte 0, 1   0x00 0x00
 *   byte 2      data type (0x08 = unsigned byte)
 *   byte 3      number of dimensions d
 *   4 * d       the dimensions, unsigned 32-bit big-endian (we accept 1 .. 2^31 - 1)
 * </pre>
 * followed by exactly {@code dim0 * dim1 * ...} values, row-major. Only unsigned bytes are
 * supported; the other IDX types (signed byte, short, int, float, double) are rejected by name.
 *
 * <p>A file may be stored raw or gzip-compressed: compression is detected from the content (the
 * gzip magic bytes {@code 1f 8b}), never from the file name. Every defect of a file (wrong magic,
 * unsupported type, non-positive dimension, a payload shorter or longer than the header says,
 * damaged gzip data, an unreadable file) throws a {@link DatasetException} naming the file.
 */
public final class Idx {

    /** Java arrays hold at most about this many bytes. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Largest single read. A channel reading into a heap array goes through a temporary native
     * buffer of the read's size, which the JDK then keeps cached for the thread: one 47 MB read
     * ({@code Files.readAllBytes} of MNIST's training images) would hold 47 MB of native memory
     * for the rest of the run.
     */
    static final int READ_CHUNK = 1 << 20;

    private Idx() {
    }

    /** Reads an IDX file, raw or gzip. */
    public static IdxArray read(Path file) {
        return parse(uncompressed(readFile(file), file.toString()), file.toString());
    }

    /**
     * Decodes the bytes of an IDX file, raw or gzip; {@code source} names it in error messages.
     */
    public static IdxArray decode(byte[] content, String source) {
        return parse(uncompressed(content, source), source);
    }

    /** Whether {@code content} starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(byte[] content) {
        return content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
    }

    /** The raw (uncompressed) IDX bytes of an array. */
    public static byte[] encode(IdxArray array) {
        int header = 4 + 4 * array.rank();
        byte[] out = new byte[Math.addExact(header, array.size())];
        out[2] = (byte) IdxArray.UNSIGNED_BYTE;
        out[3] = (byte) array.rank();
        for (int i = 0; i < array.rank(); i++) {
            int d = array.dim(i);
            int p = 4 + 4 * i;
            out[p] = (byte) (d >>> 24);
            out[p + 1] = (byte) (d >>> 16);
            out[p + 2] = (byte) (d >>> 8);
            out[p + 3] = (byte) d;
        }
        System.arraycopy(array.data(), 0, out, header, array.size());
        return out;
    }

    /**
     * The gzip-compressed IDX bytes of an array, at {@link Deflater#BEST_COMPRESSION}. The output
     * depends only on the array (and the JDK's zlib): {@link GZIPOutputStream} writes a fixed
     * header with modification time 0, so the same array always gives the same bytes.
     */
    public static byte[] encodeGzip(IdxArray array) {
        byte[] raw = encode(array);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 4 + 64);
        try (GZIPOutputStream gzip = new BestCompressionGzip(bytes)) {
            gzip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e); // cannot happen
        }
        return bytes.toByteArray();
    }

    /**
     * Writes an array as an IDX file, gzip-compressed or raw, through a temporary file in the
     * same folder that is then moved into place: a partial file never sits under {@code file}.
     */
    public static void write(Path file, IdxArray array, boolean gzip) {
        try {
            AtomicFiles.write(file, gzip ? encodeGzip(array) : encode(array));
        } catch (IOException e) {
            throw new DatasetException(file.toString(), "cannot write: " + e, e);
        }
    }

    // ---------------------------------------------------------------- package-private steps

    /** The bytes of a file; any I/O failure becomes a {@link DatasetException} naming it. */
    static byte[] readFile(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new DatasetException(file.toString(), "file has " + Files.size(file)
                        + " bytes, more than a Java array can hold");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return readAll(in, (int) Math.max(64, Files.size(file)), file.toString());
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException(file.toString(), "no such file", e);
        } catch (IOException e) {
            throw new DatasetException(file.toString(), "cannot read: " + e, e);
        }
    }

    /** {@code content} decompressed if it is gzip, else {@code content} itself. */
    static byte[] uncompressed(byte[] content, String source) {
        if (!isGzip(content)) {
            return content;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content), 1 << 16)) {
            return readAll(in, sizeHint(content), source);
        } catch (IOException e) {
            throw new DatasetException(source, "damaged gzip data (" + e.getMessage() + ")", e);
        }
    }

    /** Parses raw (uncompressed) IDX bytes; checks the whole header before allocating anything. */
    static IdxArray parse(byte[] raw, String source) {
        if (raw.length < 4) {
            throw new DatasetException(source, "file has " + raw.length
                    + " bytes, too short for an IDX header (at least 4)");
        }
        int magic = readInt(raw, 0);
        if (raw[0] != 0 || raw[1] != 0) {
            throw new DatasetException(source, String.format("wrong magic number 0x%08x (an IDX file starts"
                    + " with two zero bytes, the type 0x08 and the dimension count, e.g. 0x00000803)", magic));
        }
        int type = raw[2] & 0xff;
        if (type != IdxArray.UNSIGNED_BYTE) {
            throw new DatasetException(source, String.format("unsupported IDX data type 0x%02x (%s);"
                    + " only 0x08 (unsigned byte) is supported", type, typeName(type)));
        }
        int rank = raw[3] & 0xff;
        if (rank == 0) {
            throw new DatasetException(source, "dimension count is 0 (must be at least 1)");
        }
        int header = 4 + 4 * rank;
        if (raw.length < header) {
            throw new DatasetException(source, "file has " + raw.length + " bytes, shorter than its "
                    + header + "-byte header (" + rank + " dimensions)");
        }
        int[] shape = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = readInt(raw, 4 + 4 * i);
            if (shape[i] <= 0) {
                throw new DatasetException(source, "dimension " + i + " is "
                        + Integer.toUnsignedString(shape[i]) + " (must be in 1.." + Integer.MAX_VALUE + ")");
            }
            expected = saturatedProduct(expected, shape[i]);
        }
        long actual = raw.length - header;
        if (actual != expected) {
            throw new DatasetException(source, "payload has " + actual + " bytes, header "
                    + Arrays.toString(shape) + " says " + describeSize(shape)
                    + (actual < expected ? " (truncated file?)" : " (trailing bytes)"));
        }
        return new IdxArray(shape, Arrays.copyOfRange(raw, header, raw.length));
    }

    // ---------------------------------------------------------------- helpers

    /** {@code a * b} for positive values, or {@code Long.MAX_VALUE} when that overflows. */
    private static long saturatedProduct(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** The exact product of the dimensions, which may exceed a {@code long} for 255 dimensions. */
    private static String describeSize(int[] shape) {
        BigInteger n = BigInteger.ONE;
        for (int d : shape) {
            n = n.multiply(BigInteger.valueOf(d));
        }
        return n.toString();
    }

    private static int readInt(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX type";
        };
    }

    /** Initial buffer size: gzip's trailer holds the uncompressed size mod 2^32; trust it only within deflate's limits. */
    private static int sizeHint(byte[] gzip) {
        int n = gzip.length;
        long isize = n >= 4 ? Integer.toUnsignedLong(((gzip[n - 1] & 0xff) << 24) | ((gzip[n - 2] & 0xff) << 16)
                | ((gzip[n - 3] & 0xff) << 8) | (gzip[n - 4] & 0xff)) : 0;
        long maxRatio = 1032L * n; // deflate cannot expand more than about 1032:1
        return (int) Math.max(64, Math.min(Math.min(isize, maxRatio), MAX_BYTES));
    }

    private static byte[] readAll(InputStream in, int hint, String source) throws IOException {
        byte[] buf = new byte[hint];
        int count = 0;
        while (true) {
            if (count == buf.length) {
                int next = in.read();
                if (next < 0) {
                    return buf;
                }
                if (buf.length == MAX_BYTES) {
                    throw new DatasetException(source, "decompresses to more bytes than a Java array can hold");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(MAX_BYTES, 2L * buf.length));
                buf[count++] = (byte) next;
            }
            int n = in.read(buf, count, Math.min(READ_CHUNK, buf.length - count));
            if (n < 0) {
                return count == buf.length ? buf : Arrays.copyOf(buf, count);
            }
            count += n;
        }
    }

    /** {@link GZIPOutputStream} at a fixed compression level, so its output is reproducible. */
    private static final class BestCompressionGzip extends GZIPOutputStream {
        BestCompressionGzip(ByteArrayOutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
