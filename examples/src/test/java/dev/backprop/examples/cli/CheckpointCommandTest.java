package dev.backprop.examples.cli;

import dev.backprop.core.Tensor;
import dev.backprop.examples.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --save} / {@code --load}: an interrupted run continues bit-identically, a finished one
 * only evaluates, and damaged or mismatched files are refused with a clear message.
 */
class CheckpointCommandTest {

    @TempDir
    Path dir;

    private Cli run(String... args) {
        return Cli.run(args);
    }

    private static void assertSameRun(Checkpoint expected, Checkpoint actual) {
        assertEquals(expected.epoch(), actual.epoch());
        assertEquals(expected.layers().size(), actual.layers().size());
        for (int i = 0; i < expected.layers().size(); i++) {
            var a = expected.layers().get(i).parameters();
            var b = actual.layers().get(i).parameters();
            for (int j = 0; j < a.size(); j++) {
                assertEquals(a.get(j).value(), b.get(j).value(), "layer " + i + " " + a.get(j).name() + " bit for bit");
            }
        }
        assertEquals(expected.optimizerState().keySet(), actual.optimizerState().keySet());
        for (String key : expected.optimizerState().keySet()) {
            Tensor x = expected.optimizerState().get(key);
            assertEquals(x, actual.optimizerState().get(key), "optimizer state " + key);
        }
        assertArrayEquals(expected.trainLoss(), actual.trainLoss());
        assertArrayEquals(expected.validationLoss(), actual.validationLoss());
    }

    private Path path(String name) {
        return dir.resolve(name);
    }

    @Test
    void fullBatchRegressionResumesBitIdentically() throws IOException {
        String[] common = {"mnist-regression", "--sample", "--hidden", "4", "--quiet"};
        Cli whole = run(concat(common, "--epochs", "4", "--save", path("whole.ckpt").toString(), "--out", path("a").toString()));
        assertEquals(0, whole.exitCode(), whole.toString());
        Cli half = run(concat(common, "--epochs", "2", "--save", path("half.ckpt").toString(), "--out", path("b").toString()));
        assertEquals(0, half.exitCode(), half.toString());
        Cli resumed = run(concat(common, "--epochs", "4", "--load", path("half.ckpt").toString(),
                "--save", path("resumed.ckpt").toString(), "--out", path("c").toString()));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("2 epochs done, continuing to 4"), resumed.toString());

        assertSameRun(Checkpoint.read(path("whole.ckpt")), Checkpoint.read(path("resumed.ckpt")));
        assertEquals(Files.readString(path("a").resolve("history.csv")), Files.readString(path("c").resolve("history.csv")));
        assertEquals(lossLines(whole), lossLines(resumed));
    }

    @Test
    void miniBatchAdamResumesBitIdentically() throws IOException {
        String[] common = {"mnist-classifier", "--sample", "--hidden", "8", "--batch-size", "500", "--quiet"};
        assertEquals(0, run(concat(common, "--epochs", "2", "--save", path("whole.ckpt").toString(),
                "--out", path("a").toString())).exitCode());
        assertEquals(0, run(concat(common, "--epochs", "1", "--save", path("half.ckpt").toString(),
                "--out", path("b").toString())).exitCode());
        Cli resumed = run(concat(common, "--epochs", "2", "--load", path("half.ckpt").toString(),
                "--save", path("resumed.ckpt").toString(), "--out", path("c").toString()));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        Checkpoint whole = Checkpoint.read(path("whole.ckpt"));
        assertFalse(whole.optimizerState().isEmpty(), "Adam's moments are saved");
        assertSameRun(whole, Checkpoint.read(path("resumed.ckpt")));
    }

    @Test
    void aFinishedCheckpointIsOnlyEvaluated() throws IOException {
        String[] common = {"mnist-regression", "--sample", "--hidden", "4", "--quiet", "--epochs", "2"};
        Cli first = run(concat(common, "--save", path("m.ckpt").toString(), "--out", path("a").toString()));
        Cli again = run(concat(common, "--load", path("m.ckpt").toString(), "--out", path("b").toString()));
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("(--epochs 2 reached: evaluating only)"), again.toString());
        assertEquals(lossLines(first), lossLines(again));
    }

    @Test
    void damagedAndMismatchedCheckpointsAreRefused() throws IOException {
        Path good = path("m.ckpt");
        assertEquals(0, run("mnist-regression", "--sample", "--hidden", "4", "--epochs", "1", "--quiet",
                "--save", good.toString(), "--out", path("a").toString()).exitCode());
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = path("truncated.ckpt");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        assertRefused(truncated, "4", truncated + ": truncated: " + (bytes.length - 100) + " bytes, the header announces "
                + bytes.length);

        Path flipped = path("flipped.ckpt");
        byte[] bad = bytes.clone();
        bad[bad.length / 2] ^= 1;
        Files.write(flipped, bad);
        assertRefused(flipped, "4", flipped + ": corrupt: checksum mismatch");

        assertRefused(good, "5", "layer 0 (Dense(784 -> 5, bias)): the checkpoint has Dense(784 -> 4, bias) "
                + "(weight [784, 4], bias [4]) there, the model Dense(784 -> 5, bias) (weight [784, 5], bias [5])");

        Cli otherSeed = run("mnist-regression", "--sample", "--hidden", "4", "--epochs", "2", "--seed", "3",
                "--quiet", "--load", good.toString(), "--out", path("b").toString());
        assertEquals(1, otherSeed.exitCode(), otherSeed.toString());
        assertEquals("mnist-regression: error: " + good + ": saved with seed 0, this run uses 3", otherSeed.err().strip());

        Cli otherRate = run("mnist-regression", "--sample", "--hidden", "4", "--epochs", "2", "--lr", "10",
                "--quiet", "--load", good.toString(), "--out", path("c").toString());
        assertEquals(1, otherRate.exitCode(), otherRate.toString());
        assertEquals("mnist-regression: error: " + good + ": saved with lr 50, this run uses 10", otherRate.err().strip());
    }

    @Test
    void aBadSavePathIsAUsageErrorBeforeTraining() throws IOException {
        Path folder = Files.createDirectory(path("folder"));
        assertSaveRefused(folder, folder + " (a folder; expected a file name)");
        Path orphan = path("missing").resolve("m.ckpt");
        assertSaveRefused(orphan, orphan + " (" + path("missing").toAbsolutePath() + " is not an existing folder)");
        Path underAFile = path("history.csv").resolve("m.ckpt");
        Files.writeString(path("history.csv"), "");
        assertSaveRefused(underAFile, underAFile + " (" + path("history.csv").toAbsolutePath()
                + " is not an existing folder)");
    }

    private void assertSaveRefused(Path save, String message) {
        Cli r = run("mnist-regression", "--sample", "--hidden", "2", "--epochs", "1", "--quiet",
                "--save", save.toString(), "--out", path("never").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("Invalid value for option '--save': " + message, r.firstErrorLine());
        assertTrue(r.err().contains("Usage: backprop mnist-regression"), r.toString());
        assertEquals("", r.out(), "nothing trained");
        assertFalse(Files.exists(path("never")), "nothing written");
    }

    @Test
    void aCheckpointThatCannotBeWrittenStillLeavesTheResultsAndFailsAtTheEnd() throws IOException {
        // --save names the --out folder, which the run creates: the save itself then fails.
        Path out = path("run");
        Cli r = run("mnist-regression", "--sample", "--hidden", "2", "--epochs", "2", "--quiet",
                "--save", out.toString(), "--out", out.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("The test loss is "), "results printed\n" + r);
        assertTrue(r.out().contains("Wrote 7 files to " + out), r.toString());
        for (String name : new String[] {"history.csv", "loss.png", "report.html"}) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name + "\n" + r);
        }
        List<String> errors = r.err().lines().toList();
        assertEquals(1, errors.size(), r.toString());
        assertTrue(errors.get(0).startsWith("mnist-regression: error: could not save the checkpoint " + out + ": "),
                r.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("could not save the checkpoint"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file left behind");
        }
    }

    private void assertRefused(Path file, String hidden, String message) {
        Cli r = run("mnist-regression", "--sample", "--hidden", hidden, "--epochs", "2", "--quiet",
                "--load", file.toString(), "--out", path("refused").toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().strip().startsWith("mnist-regression: error: " + message), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace\n" + r);
    }

    private static String lossLines(Cli r) {
        StringBuilder sb = new StringBuilder();
        r.out().lines().filter(l -> l.startsWith("Train and validation loss") || l.startsWith("The test loss")
                || l.startsWith("Train accuracy") || l.startsWith("Test accuracy")).forEach(l -> sb.append(l).append('\n'));
        assertFalse(sb.isEmpty(), r.toString());
        return sb.toString();
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
