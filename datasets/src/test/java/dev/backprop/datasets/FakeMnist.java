package dev.backprop.datasets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tiny dataset in MNIST's layout (5 training, 2 test images of 3 x 4 pixels) with its own checksums. */
final class FakeMnist {

    static final int[] TRAIN_LABELS = {0, 9, 3, 3, 7};
    static final int[] TEST_LABELS = {1, 2};

    private FakeMnist() {
    }

    static IdxArray images(int n, int seed) {
        byte[] data = new byte[n * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (seed + i * 53 + (i / 5) * 7);
        }
        return new IdxArray(new int[] {n, 3, 4}, data);
    }

    static IdxArray labels(int[] labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) labels[i];
        }
        return new IdxArray(new int[] {labels.length}, data);
    }

    /** The four arrays by file name. */
    static Map<String, IdxArray> arrays() {
        Map<String, IdxArray> m = new LinkedHashMap<>();
        m.put(MnistFormat.TRAIN_IMAGES, images(TRAIN_LABELS.length, 11));
        m.put(MnistFormat.TRAIN_LABELS, labels(TRAIN_LABELS));
        m.put(MnistFormat.TEST_IMAGES, images(TEST_LABELS.length, 200));
        m.put(MnistFormat.TEST_LABELS, labels(TEST_LABELS));
        return m;
    }

    /** The raw IDX bytes of each file. */
    static Map<String, byte[]> raw() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        arrays().forEach((name, a) -> m.put(name, Idx.encode(a)));
        return m;
    }

    /** The gzip bytes of each file. */
    static Map<String, byte[]> gzip() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        arrays().forEach((name, a) -> m.put(name, Idx.encodeGzip(a)));
        return m;
    }

    static Map<String, String> sha256() {
        Map<String, String> m = new LinkedHashMap<>();
        raw().forEach((name, bytes) -> m.put(name, Sha256.hex(bytes)));
        return m;
    }

    static MnistFormat.FileSet fileSet() {
        return new MnistFormat.FileSet("Fake", sha256(), 10);
    }

    /** Writes the four files into {@code dir}, as {@code <name>.gz} or raw {@code <name>}. */
    static void write(Path dir, boolean gzip) {
        arrays().forEach((name, a) -> Idx.write(dir.resolve(gzip ? name + ".gz" : name), a, gzip));
    }

    static TrainTestData expected() {
        Map<String, IdxArray> a = arrays();
        return new TrainTestData("Fake",
                LabeledImages.of(a.get(MnistFormat.TRAIN_IMAGES), a.get(MnistFormat.TRAIN_LABELS), 10),
                LabeledImages.of(a.get(MnistFormat.TEST_IMAGES), a.get(MnistFormat.TEST_LABELS), 10));
    }

    static TrainTestData load(Path dir) {
        return MnistFormat.load(dir, fileSet(), "HELP");
    }
}
