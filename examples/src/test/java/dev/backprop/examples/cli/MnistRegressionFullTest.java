package dev.backprop.examples.cli;

import dev.backprop.datasets.Mnist;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The lesson's experiment on full MNIST, with the command's defaults (500 epochs of full-batch
 * gradient descent): it must print the lesson's three numbers. Runs when {@code BACKPROP_DATA}
 * names a folder with full MNIST ({@code .ci/run} fetches it and sets the variable); otherwise it
 * is skipped with the reason, except on CI ({@code CI=true}), where missing data is a failure.
 */
class MnistRegressionFullTest {

    @TempDir
    Path dir;

    static Path fullMnist() {
        String env = System.getenv(Mnist.ENVIRONMENT_VARIABLE);
        Path data = env == null || env.isBlank() ? null : Path.of(env.strip());
        if (data != null && Mnist.isPresent(data)) {
            return data;
        }
        String why = data == null ? "BACKPROP_DATA is not set"
                : "BACKPROP_DATA=" + data + " does not hold the four MNIST files";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but full MNIST is missing: " + why + " (.ci/run fetches it and sets BACKPROP_DATA)");
        }
        String reason = "Full-MNIST mnist-regression (the lesson's 0.00625 / 0.00735 / 0.00699) skipped: " + why
                + "; point BACKPROP_DATA at a folder with the four MNIST files to run it";
        System.err.println("[SKIPPED] " + reason);
        Assumptions.abort(reason);
        return null;
    }

    @Test
    void printsTheLessonsNumbers() {
        Path data = fullMnist();
        Cli r = Cli.run("mnist-regression", "--data-dir", data.toString(), "--quiet", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("(60000 training, 10000 test images)"), r.out());
        assertTrue(r.out().contains(String.format("Train and validation loss of 0.00625 and 0.00735, respectively%n")),
                r.out());
        assertTrue(r.out().contains(String.format("The test loss is 0.00699%n")), r.out());
        System.err.println("[full MNIST] " + r.out().lines()
                .filter(l -> l.startsWith("Train") || l.startsWith("The test")).reduce((a, b) -> a + " | " + b).orElse(""));
    }
}
