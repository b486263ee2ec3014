package dev.backprop.examples.cli;

import dev.backprop.core.Parameter;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.examples.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.backprop.examples.PngAssert.assertPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @TempDir
    Path dir;

    private static void assertUsageError(Cli r, String message) {
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(message, r.firstErrorLine(), r.toString());
        assertTrue(r.err().contains("Usage: backprop"), "usage follows the error\n" + r);
        assertFalse(r.err().contains("\tat "), "no stack trace\n" + r);
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exitCode(), r.toString());
        for (String command : List.of("mnist-regression", "perceptron", "frozen-bias", "init-comparison",
                "activations", "optimizers", "mnist-classifier", "network-diagram", "export-npy", "bench")) {
            assertTrue(r.out().contains(command), command + " listed\n" + r);
            Cli sub = Cli.run(command, "--help");
            assertEquals(0, sub.exitCode(), sub.toString());
            assertTrue(sub.out().startsWith("Usage: backprop " + command), sub.toString());
        }
    }

    @Test
    void batchSizeHelpSaysHowBatchesAreFormed() {
        for (String command : List.of("mnist-regression", "mnist-classifier", "optimizers", "activations",
                "frozen-bias", "init-comparison")) {
            Cli r = Cli.run(command, "--help");
            String help = r.out().replaceAll("\\s+", " ");   // picocli wraps the description
            assertTrue(help.contains("optimizers draws each batch with replacement, as the lesson does (n / N batches "
                    + "per epoch); the other commands shuffle the training set every epoch and cut it into batches, "
                    + "the last one smaller when N does not divide it"), r.toString());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        assertUsageError(Cli.run(), "Missing command: choose one of " + String.join(", ",
                new picocli.CommandLine(new BackpropCommand()).getSubcommands().keySet()));
    }

    @Test
    void invalidValuesAreUsageErrorsNamingTheValue() {
        assertUsageError(Cli.run("network-diagram", "--layers", "5"),
                "Invalid value for option '--layers': 5 (need at least an input and an output layer)");
        assertUsageError(Cli.run("network-diagram", "--layers", "1,".repeat(20) + "1"),
                "Invalid value for option '--layers': 21 layers (at most 20 are drawn)");
        assertUsageError(Cli.run("network-diagram", "--layers", "5,0,1"),
                "Invalid value for option '--layers': 0 (must be >= 1)");
        assertUsageError(Cli.run("network-diagram", "--max-shown", "many"),
                "Invalid value for option '--max-shown': 'many' is not an int");
        assertUsageError(Cli.run("network-diagram", "--max-shown", "1"),
                "Invalid value for option '--max-shown': 1 (must be in [2, 200])");
        assertUsageError(Cli.run("network-diagram", "--max-shown", "201"),
                "Invalid value for option '--max-shown': 201 (must be in [2, 200])");
        assertUsageError(Cli.run("network-diagram", "--colour"), "Unknown option: '--colour'");
        assertUsageError(Cli.run("export-npy"), "Missing required parameter: 'CHECKPOINT'");
    }

    @Test
    void invalidTrainingOptionsAreUsageErrors() {
        assertUsageError(Cli.run("mnist-regression", "--lr", "-1"),
                "Invalid value for option '--lr': -1.0 (must be a finite number > 0)");
        assertUsageError(Cli.run("mnist-regression", "--lr", "NaN"),
                "Invalid value for option '--lr': NaN (must be a finite number > 0)");
        assertUsageError(Cli.run("mnist-regression", "--epochs", "0"),
                "Invalid value for option '--epochs': 0 (must be >= 1)");
        assertUsageError(Cli.run("mnist-regression", "--hidden", "0"),
                "Invalid value for option '--hidden': 0 (must be >= 1)");
        assertUsageError(Cli.run("mnist-regression", "--batch-size", "x"),
                "Invalid value for option '--batch-size': 'x' (expected a positive integer or 'full')");
        assertUsageError(Cli.run("mnist-classifier", "--batch-size", "0"),
                "Invalid value for option '--batch-size': 0 (must be >= 1)");
        assertUsageError(Cli.run("mnist-regression", "--seed", "-1"),
                "Invalid value for option '--seed': -1 (must be in [0, 4294967295])");
        assertUsageError(Cli.run("mnist-regression", "--threads", "0"),
                "Invalid value for option '--threads': 0 (must be in [1, 1024])");
        assertUsageError(Cli.run("mnist-regression", "--optimizer", "lbfgs"),
                "Invalid value for option '--optimizer': 'lbfgs' (expected one of sgd, momentum, adagrad, rmsprop, adam)");
        assertUsageError(Cli.run("optimizers", "--optimizers", "sgd:1,lbfgs:1"),
                "Invalid value for option '--optimizers': 'lbfgs' (expected one of sgd, momentum, adagrad, rmsprop, adam)");
        Path missing = dir.resolve("missing.ckpt");
        assertUsageError(Cli.run("mnist-regression", "--load", missing.toString()),
                "Invalid value for option '--load': " + missing + " (no such file)");
        assertUsageError(Cli.run("mnist-regression", "--sample", "--download"),
                "--sample uses the bundled sample: it cannot be combined with --download");
        assertUsageError(Cli.run("optimizers", "--optimizers", "adam:fast"),
                "Invalid value for option '--optimizers': 'fast' (not a learning rate)");
        assertUsageError(Cli.run("optimizers", "--optimizers", "adam:0.1,adam:0.2"),
                "Invalid value for option '--optimizers': 'adam' (listed twice)");
        assertUsageError(Cli.run("optimizers", "--batch-size", "full", "--sample"),
                "Invalid value for option '--batch-size': full (this comparison is about mini-batches)");
        assertUsageError(Cli.run("perceptron", "--points", "0"),
                "Invalid value for option '--points': 0 (must be >= 1)");
    }

    @Test
    void aBatchLargerThanTheTrainingSetIsAUsageErrorOnceTheDataIsLoaded() {
        // The sample's split leaves 4800 training rows.
        for (String command : List.of("mnist-regression", "mnist-classifier", "frozen-bias", "init-comparison",
                "activations", "optimizers")) {
            Cli r = Cli.run(command, "--sample", "--batch-size", "4801", "--epochs", "1", "--hidden", "2", "--quiet",
                    "--out", dir.resolve(command).toString());
            assertUsageError(r, "Invalid value for option '--batch-size': 4801 (must be at most the number of "
                    + "training rows, 4800)");
        }
        Cli fits = Cli.run("mnist-regression", "--sample", "--batch-size", "4800", "--epochs", "1", "--hidden", "2",
                "--quiet", "--out", dir.resolve("fits").toString());
        assertEquals(0, fits.exitCode(), fits.toString());
    }

    @Test
    void networkDiagramWritesItsPicture() throws IOException {
        Path out = dir.resolve("nn");
        Cli r = Cli.run("network-diagram", "--layers", "5,4,1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("Wrote " + out.resolve("network.png")), r.toString());
        assertPng(out.resolve("network.png"));
    }

    @Test
    void exportNpyWritesEveryParameter() throws IOException {
        Parameter w = new Parameter("weight", Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4}));
        Parameter b = new Parameter("bias", Tensor.vector(0.5, -0.5));
        Path file = dir.resolve("m.ckpt");
        Checkpoint.of(new Sequential(layer(w, b)), null, 3, new double[3], null, Map.of()).save(file);
        Path out = dir.resolve("npy");
        Cli r = Cli.run("export-npy", file.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(10 + 118 + 4 * 8, Files.size(out.resolve("layer0.weight.npy")));
        assertTrue(Files.isRegularFile(out.resolve("layer0.bias.npy")));
        assertTrue(r.out().contains("numpy.load('" + out.resolve("layer0.weight.npy") + "')"), r.toString());
    }

    @Test
    void exportNpyRefusesParameterNamesThatAreNotSafeFileNames() throws IOException {
        Path out = Files.createDirectory(dir.resolve("npy"));
        for (String name : List.of("../../escaped", "a/b", "a\\b", "..", "x y", "\u00e9")) {
            Path file = dir.resolve("crafted.ckpt");
            Checkpoint.of(new Sequential(layer(new Parameter("weight", Tensor.vector(1)),
                    new Parameter(name, Tensor.vector(2)))), null, 1, new double[1], null, Map.of()).save(file);
            Cli r = Cli.run("export-npy", file.toString(), "--out", out.toString());
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals("export-npy: error: " + file + ": parameter name '" + name + "' is not a safe file name "
                    + "(expected letters, digits, '_', '-' and single dots)", r.err().strip(), r.toString());
            assertEquals("", r.out(), "nothing exported\n" + r);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("crafted.ckpt", "npy"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (var files = Files.list(out)) {
            assertEquals(0, files.count(), "not even the safe parameter's file");
        }
    }

    /** A layer that only holds {@code parameters}. */
    private static dev.backprop.core.Layer layer(Parameter... parameters) {
        return new dev.backprop.core.Layer() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                return gradOutput;
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(parameters);
            }
        };
    }

    @Test
    void aCorruptCheckpointFailsWithOneLineAndExitCodeOne() throws IOException {
        Path file = dir.resolve("bad.ckpt");
        Files.writeString(file, "BPCHKPT\nnot really");
        Cli r = Cli.run("export-npy", file.toString(), "--out", dir.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("export-npy: error: " + file + ": truncated: 18 bytes, shorter than the 20-byte header",
                r.err().strip());
    }
}
