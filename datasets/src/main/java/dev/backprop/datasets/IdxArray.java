package dev.backprop.datasets;

import java.util.Arrays;

/**
 * The content of an IDX file of unsigned bytes: a shape and the values, row-major, as stored in
 * the file. MNIST's image files are {@code [n, 28, 28]}, its label files {@code [n]}.
 *
 * <p>The bytes are kept as Java {@code byte}s (so 255 is stored as -1); {@link #getUnsigned}
 * reads them as 0..255. {@link #data()} is the backing array itself, like
 * {@code Tensor.data()}: it is not copied, so treat it as read-only unless you own the array.
 */
public final class IdxArray {

    /** The IDX type code of unsigned bytes, the only type this reader and writer handle. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** The IDX format stores the dimension count in one byte. */
    public static final int MAX_RANK = 255;

    private final int[] shape;
    private final byte[] data;

    /**
     * An array of the given shape backed by {@code data} (not copied). Every dimension must be
     * positive and their product must equal {@code data.length}.
     */
    public IdxArray(int[] shape, byte[] data) {
        if (shape.length < 1 || shape.length > MAX_RANK) {
            throw new IllegalArgumentException("Invalid IDX rank: " + shape.length + " (must be in 1.." + MAX_RANK + ")");
        }
        long size = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("Invalid IDX shape " + Arrays.toString(shape)
                        + " (every dimension must be positive)");
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Invalid IDX shape " + Arrays.toString(shape)
                        + " (more elements than a Java array can hold)");
            }
        }
        if (size != data.length) {
            throw new IllegalArgumentException("IDX shape " + Arrays.toString(shape) + " needs " + size
                    + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of values. */
    public int size() {
        return data.length;
    }

    /** The backing bytes, row-major, not a copy. */
    public byte[] data() {
        return data;
    }

    /** The value at a row-major position, as 0..255. */
    public int getUnsigned(int flatIndex) {
        return data[flatIndex] & 0xff;
    }

    /** The IDX magic number of this array: {@code 0x0000 08 rank}, e.g. {@code 0x00000803}. */
    public int magic() {
        return (UNSIGNED_BYTE << 8) | shape.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray(unsigned byte, " + Arrays.toString(shape) + ")";
    }
}
