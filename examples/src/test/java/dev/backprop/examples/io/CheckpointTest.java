package dev.backprop.examples.io;

import dev.backprop.core.Layer;
import dev.backprop.core.Parameter;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkpoint file format on its own, with a minimal layer; training round trips with the
 * real layers and optimizers are in the command tests.
 */
class CheckpointTest {

    @TempDir
    Path dir;

    /** y = x * w + b with w [in, out], b [out]: just enough of a layer to have parameters. */
    static class Affine implements Layer {
        final Parameter w;
        final Parameter b;

        Affine(int in, int out) {
            w = new Parameter("weight", Tensor.zeros(in, out));
            b = new Parameter("bias", Tensor.zeros(out));
        }

        @Override
        public Tensor forward(Tensor input) {
            return input.matmul(w.value()).addRowVector(b.value());
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(w, b);
        }

        @Override
        public String toString() {
            return "Affine(" + w.value().dim(0) + " -> " + w.value().dim(1) + ")";
        }
    }

    private static Sequential model(int in, int hidden) {
        Affine a = new Affine(in, hidden);
        Affine b = new Affine(hidden, 1);
        double v = 0.1;
        for (Parameter p : List.of(a.w, a.b, b.w, b.b)) {
            double[] d = p.value().data();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.sin(v += 0.37);
            }
        }
        return new Sequential(a, b);
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.of(model(3, 2), null, 7, new double[] {0.5, 0.25}, new double[] {0.6, Double.NaN},
                Map.of("seed", "0")).save(file);
        return file;
    }

    @Test
    void roundTripRestoresEveryBitAndTheRunState() throws IOException {
        Sequential original = model(3, 2);
        Path file = dir.resolve("model.ckpt");
        Checkpoint.of(original, null, 7, new double[] {0.5, 0.25}, new double[] {0.6, Double.NaN},
                Map.of("seed", "0")).save(file);
        Checkpoint c = Checkpoint.read(file);
        assertEquals(7, c.epoch());
        assertArrayEquals(new double[] {0.5, 0.25}, c.trainLoss());
        assertTrue(Double.isNaN(c.validationLoss()[1]));
        assertEquals(Map.of("seed", "0"), c.settings());
        assertEquals("Sequential(Affine(3 -> 2), Affine(2 -> 1))", c.model());

        Sequential fresh = new Sequential(new Affine(3, 2), new Affine(2, 1));
        c.restore(fresh, null);
        for (int i = 0; i < original.parameters().size(); i++) {
            assertEquals(original.parameters().get(i).value(), fresh.parameters().get(i).value());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void rejectsAMismatchedModelNamingLayerAndShapes() throws IOException {
        Checkpoint c = Checkpoint.read(saved());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> c.restore(new Sequential(new Affine(3, 5), new Affine(5, 1)), null));
        assertEquals("layer 0 (Affine(3 -> 5)): the checkpoint has Affine(3 -> 2) (weight [3, 2], bias [2]) there, "
                + "the model Affine(3 -> 5) (weight [3, 5], bias [5])", e.getMessage());

        Sequential frozen = model(3, 2);
        frozen.parameters().get(1).setTrainable(false);
        e = assertThrows(CheckpointException.class, () -> c.restore(frozen, null));
        assertEquals("layer 0 (Affine(3 -> 2)) bias: trainable in the checkpoint, frozen in the model", e.getMessage());

        e = assertThrows(CheckpointException.class, () -> c.restore(new Sequential(new Affine(3, 2)), null));
        assertEquals("checkpoint has 2 layers (Sequential(Affine(3 -> 2), Affine(2 -> 1))), the model has 1 "
                + "(Sequential(Affine(3 -> 2)))", e.getMessage());
    }

    @Test
    void rejectsAParameterOfTheWrongShape() throws IOException {
        // Same description, different shape: a layer whose toString hides its size.
        Affine a = new Affine(3, 2) {
            @Override
            public String toString() {
                return "Hidden";
            }
        };
        Path file = dir.resolve("hidden.ckpt");
        Checkpoint.of(new Sequential(a), null, 0, new double[0], null, Map.of()).save(file);
        Affine b = new Affine(4, 2) {
            @Override
            public String toString() {
                return "Hidden";
            }
        };
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.read(file).restore(new Sequential(b), null));
        assertEquals("layer 0 (Hidden) weight: checkpoint shape [3, 2], model shape [4, 2]", e.getMessage());
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {bytes.length - 1, bytes.length / 2, 30, 12}) {
            Path cut = dir.resolve("cut-" + length + ".ckpt");
            Files.write(cut, Arrays.copyOf(bytes, length));
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(cut));
            assertTrue(e.getMessage().startsWith(cut + ": truncated: " + length + " bytes"), e.getMessage());
        }
    }

    @Test
    void rejectsEveryFlippedBitOfThePayloadAndTheChecksum() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        for (int i = 20; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = bytes.clone();
                bad[i] ^= (byte) (1 << bit);
                CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.parse(bad));
                assertTrue(e.getMessage().startsWith("corrupt: checksum mismatch"), e.getMessage());
            }
        }
    }

    @Test
    void refusesALargeFileFromItsHeaderWithoutReadingIt() throws IOException {
        // Sparse files of 3 GB, more than a Java array holds: reading them whole would fail.
        long size = 3L << 30;
        Path other = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(other.toFile(), "rw")) {
            f.setLength(size);
        }
        assertEquals(other + ": not a backprop checkpoint (bad magic bytes)",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(other)).getMessage());

        byte[] header = Arrays.copyOf(Files.readAllBytes(saved()), 20);
        long payload = ByteBuffer.wrap(header).getLong(12);
        Path padded = dir.resolve("padded.ckpt");
        try (RandomAccessFile f = new RandomAccessFile(padded.toFile(), "rw")) {
            f.write(header);
            f.setLength(size);
        }
        assertEquals(padded + ": corrupt: " + (size - 20 - payload - 4) + " unexpected bytes after the checksum",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(padded)).getMessage());

        ByteBuffer.wrap(header).putLong(12, size);
        try (RandomAccessFile f = new RandomAccessFile(padded.toFile(), "rw")) {
            f.write(header);
        }
        assertEquals(padded + ": corrupt: the header announces a payload of " + size + " bytes",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(padded)).getMessage());
    }

    @Test
    void rejectsOtherFilesVersionsAndTrailingBytes() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        assertEquals("not a backprop checkpoint (bad magic bytes)", assertThrows(CheckpointException.class,
                () -> Checkpoint.parse("PK\3\4 not a checkpoint at all".getBytes())).getMessage());
        byte[] v2 = bytes.clone();
        v2[11] = 2;
        assertEquals("format version 2, this program reads version 1",
                assertThrows(CheckpointException.class, () -> Checkpoint.parse(v2)).getMessage());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertEquals("corrupt: 3 unexpected bytes after the checksum",
                assertThrows(CheckpointException.class, () -> Checkpoint.parse(longer)).getMessage());
        Path missing = dir.resolve("missing.ckpt");
        assertEquals(missing + ": no such file",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(missing)).getMessage());
    }
}
