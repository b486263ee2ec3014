package dev.backprop.datasets;

import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import java.util.Arrays;

/**
 * A set of labelled grey-scale images, such as MNIST's training set: {@code size()} images of
 * {@code height x width} pixels with values 0..255, each with an integer label in
 * {@code 0..classes-1}.
 *
 * <p>The pixels are kept compactly as bytes (full MNIST's training set takes 47 MB, not the
 * 376 MB of doubles); {@link #images()} and its variants produce {@code double} tensors
 * {@code [n, height * width]} of the raw pixel values when asked, for the preprocessing in
 * {@link Preprocessing}. Immutable: every accessor returns a copy or a new tensor.
 */
public final class LabeledImages {

    private final byte[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;
    private final int classes;

    /** Takes ownership of both arrays; callers have checked them. */
    LabeledImages(byte[] pixels, int[] labels, int height, int width, int classes) {
        this.pixels = pixels;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /**
     * Images from an IDX array {@code [n, height, width]} and labels from an IDX array {@code [n]}
     * with values in {@code 0..classes-1}; both are copied.
     *
     * @throws IllegalArgumentException if the shapes or counts disagree or a label is out of range
     */
    public static LabeledImages of(IdxArray images, IdxArray labels, int classes) {
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("Invalid number of classes: " + classes + " (must be in 1..256)");
        }
        if (images.rank() != 3) {
            throw new IllegalArgumentException("images must be [n, height, width], got " + images);
        }
        if (labels.rank() != 1) {
            throw new IllegalArgumentException("labels must be [n], got " + labels);
        }
        if (images.dim(0) != labels.dim(0)) {
            throw new IllegalArgumentException(images.dim(0) + " images but " + labels.dim(0) + " labels");
        }
        int[] l = unsignedLabels(labels);
        int bad = firstLabelOutside(l, classes);
        if (bad >= 0) {
            throw new IllegalArgumentException("label " + l[bad] + " at index " + bad + " is outside 0.."
                    + (classes - 1));
        }
        return new LabeledImages(images.data().clone(), l, images.dim(1), images.dim(2), classes);
    }

    /** The labels of an IDX label array as ints 0..255. */
    static int[] unsignedLabels(IdxArray labels) {
        int[] l = new int[labels.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.getUnsigned(i);
        }
        return l;
    }

    /** The index of the first label outside {@code 0..classes-1}, or -1. */
    static int firstLabelOutside(int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- sizes and values

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixels per image, {@code height * width}: the length of a flattened row. */
    public int features() {
        return height * width;
    }

    /** Number of classes; labels are in {@code 0..classes-1}. */
    public int classes() {
        return classes;
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        return labels[checkIndex(i)];
    }

    /** All labels, in order (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** The labels of the images at {@code indices}, in that order. */
    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[checkIndex(indices[i])];
        }
        return out;
    }

    /** How many images carry each label: {@code counts[c]} for {@code c} in {@code 0..classes-1}. */
    public int[] labelCounts() {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** Pixel {@code index} (row-major, {@code 0..features-1}) of image {@code sample}, as 0..255. */
    public int pixel(int sample, int index) {
        checkIndex(sample);
        if (index < 0 || index >= features()) {
            throw new IndexOutOfBoundsException("pixel " + index + " outside [0, " + features() + ")");
        }
        return pixels[sample * features() + index] & 0xff;
    }

    // ---------------------------------------------------------------- tensors

    /** All images flattened, {@code [size, features]}, pixel values 0..255 as doubles. */
    public Tensor images() {
        return images(0, size());
    }

    /** Images {@code [from, to)} flattened, {@code [to - from, features]}, values 0..255. */
    public Tensor images(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("images [" + from + ", " + to + ") of " + size());
        }
        int f = features();
        double[] d = new double[(to - from) * f];
        int offset = from * f;
        for (int i = 0; i < d.length; i++) {
            d[i] = pixels[offset + i] & 0xff;
        }
        return Tensor.wrap(d, to - from, f);
    }

    /** The images at {@code indices}, in that order, flattened: {@code [indices.length, features]}. */
    public Tensor images(int[] indices) {
        int f = features();
        double[] d = new double[length("images", indices.length)];
        for (int r = 0; r < indices.length; r++) {
            int offset = checkIndex(indices[r]) * f;
            for (int j = 0; j < f; j++) {
                d[r * f + j] = pixels[offset + j] & 0xff;
            }
        }
        return Tensor.wrap(d, indices.length, f);
    }

    // ---------------------------------------------------------------- subsets

    /** The images at {@code indices}, in that order (numpy's {@code x[idx], y[idx]}). */
    public LabeledImages subset(int[] indices) {
        int f = features();
        byte[] p = new byte[length("subset", indices.length)];
        int[] l = new int[indices.length];
        for (int r = 0; r < indices.length; r++) {
            int i = checkIndex(indices[r]);
            System.arraycopy(pixels, i * f, p, r * f, f);
            l[r] = labels[i];
        }
        return new LabeledImages(p, l, height, width, classes);
    }

    /** Images {@code [from, to)}. */
    public LabeledImages slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size());
        }
        int f = features();
        return new LabeledImages(Arrays.copyOfRange(pixels, from * f, to * f),
                Arrays.copyOfRange(labels, from, to), height, width, classes);
    }

    /**
     * The lesson's train/validation split: see {@link Split#of}. With full MNIST,
     * {@code split(0.2, new RandomState(7))} gives 48,000 training and 12,000 validation images
     * in numpy's order.
     */
    public Split split(double validationFraction, RandomState random) {
        return Split.of(this, validationFraction, random);
    }

    // ---------------------------------------------------------------- IDX form

    /** The images as an IDX array {@code [size, height, width]} (a copy). */
    public IdxArray imagesIdx() {
        return new IdxArray(new int[] {size(), height, width}, pixels.clone());
    }

    /** The labels as an IDX array {@code [size]}. */
    public IdxArray labelsIdx() {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) labels[i];
        }
        return new IdxArray(new int[] {labels.length}, b);
    }

    /** {@code count * features()}, checked: in int arithmetic it could wrap around. */
    private int length(String op, int count) {
        long n = (long) count * features();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": " + count + " images of " + features() + " pixels are " + n
                    + " values, more than a Java array can hold");
        }
        return (int) n;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("image " + i + " outside [0, " + labels.length + ")");
        }
        return i;
    }

    /** Equal when the same images carry the same labels, in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledImages other && height == other.height && width == other.width
                && classes == other.classes && Arrays.equals(labels, other.labels)
                && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(labels) + Arrays.hashCode(pixels)) + height * 1009 + width;
    }

    @Override
    public String toString() {
        return "LabeledImages(" + size() + " images " + height + "x" + width + ", " + classes + " classes)";
    }
}
