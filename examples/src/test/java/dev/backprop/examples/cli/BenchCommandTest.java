package dev.backprop.examples.cli;

import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} with tiny settings on the sample: its output format, its option checks. */
class BenchCommandTest {

    private static final Pattern WORKLOAD =
            Pattern.compile("(full|mini)-batch: \\d+\\.\\d ms/epoch \\(min \\d+\\.\\d, max \\d+\\.\\d over 2 epochs\\)");

    @Test
    void printsTheMedianOfEachWorkload() {
        Cli r = Cli.run("bench", "--sample", "--epochs", "2", "--warmup", "1", "--threads", "1");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.toString());
        assertEquals("Data: the bundled MNIST sample (6000 training, 1000 test images), as asked by --sample.",
                lines.get(0), r.toString());
        assertTrue(lines.get(1).startsWith("Bench: the lesson's 784-21-1 sigmoid network, float64, 4800 training and "
                + "1200 validation rows, 1 thread(s), 1 warm-up + 2 timed epochs per workload; Java "), r.toString());
        assertTrue(lines.get(1).endsWith("; kernels: " + Tensor.kernels() + "."), lines.get(1));
        assertTrue(lines.get(2).startsWith("full-batch: "), r.toString());
        assertTrue(WORKLOAD.matcher(lines.get(2)).matches(), lines.get(2));
        assertTrue(lines.get(3).startsWith("mini-batch: "), r.toString());
        assertTrue(WORKLOAD.matcher(lines.get(3)).matches(), lines.get(3));
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    /** On two threads (and two processors) a last line says how far apart the cores are. */
    @Test
    void onTwoThreadsItEndsWithTheRoundTripBetweenThem() {
        Cli r = Cli.run("bench", "--sample", "--epochs", "1", "--warmup", "0", "--threads", "2");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        if (Runtime.getRuntime().availableProcessors() < 2) {
            assertEquals(4, lines.size(), "one processor: no round trip to measure; " + r);
            return;
        }
        assertEquals(5, lines.size(), r.toString());
        java.util.regex.Matcher m = Pattern.compile("Round trip between two threads: (\\d+) ns after the full-batch epochs, (\\d+) ns"
                + " after the mini-batch ones( \\(far apart, .*benchmarks/README\\.md\\))?\\.")
                .matcher(lines.get(4));
        assertTrue(m.matches(), lines.get(4));
        for (int g = 1; g <= 2; g++) {
            long ns = Long.parseLong(m.group(g));
            assertTrue(ns > 5 && ns < 1_000_000, lines.get(4));
        }
        boolean far = Math.max(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))) > BenchCommand.FAR_NANOS;
        assertEquals(far, m.group(3) != null, "the hint comes with a round trip over 200 ns: " + lines.get(4));
    }

    @Test
    void invalidCountsAreUsageErrorsNamingTheValue() {
        Cli r = Cli.run("bench", "--sample", "--epochs", "0");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("Invalid value for option '--epochs': 0 (must be >= 1)", r.firstErrorLine());
        r = Cli.run("bench", "--sample", "--warmup", "-1");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("Invalid value for option '--warmup': -1 (must be >= 0)", r.firstErrorLine());
        r = Cli.run("bench", "--sample", "--threads", "0");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("Invalid value for option '--threads': 0 (must be in [1, 1024])", r.firstErrorLine());
    }

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertEquals(2.0, BenchCommand.median(new double[] {1, 2, 9}));
        assertEquals(2.5, BenchCommand.median(new double[] {1, 2, 3, 9}));
        assertEquals(7.0, BenchCommand.median(new double[] {7}));
    }
}
