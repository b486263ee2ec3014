package dev.backprop.layers;

import dev.backprop.core.Batch;
import dev.backprop.core.BinaryCrossEntropy;
import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.Initializer;
import dev.backprop.core.Layer;
import dev.backprop.core.Loss;
import dev.backprop.core.MiniBatches;
import dev.backprop.core.Parallelism;
import dev.backprop.core.Parameter;
import dev.backprop.core.PropertyCheck;
import dev.backprop.core.RandomState;
import dev.backprop.core.RowBlocks;
import dev.backprop.core.Sequential;
import dev.backprop.core.SoftmaxCrossEntropy;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.backprop.core.PropertyCheck.forAll;
import static dev.backprop.core.PropertyCheck.intBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch computed in row blocks equals the batch computed whole, up to rounding. */
class RowBlocksTest {

    private final int threads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(threads);
    }

    /** A random network, loss and batch for {@link #blockedEqualsWhole}. */
    record Case(Sequential model, Loss loss, Tensor x, Tensor y, int blockRows) {
    }

    static Case newCase(RandomState random) {
        int n = intBetween(random, 1, 400);
        int features = intBetween(random, 1, 12);
        int hidden = intBetween(random, 1, 8);
        int out = intBetween(random, 1, 3);
        Initializer init = Initializer.uniform(-1, 1);
        Layer activation = switch (intBetween(random, 0, 3)) {
            case 0 -> new Sigmoid();
            case 1 -> new Tanh();
            case 2 -> new ReLU();
            default -> new LeakyReLU(0.1);
        };
        Tensor x = PropertyCheck.uniform(random, -2, 2, n, features);
        int kind = intBetween(random, 0, 2);
        Layer head = kind == 1 ? new Sigmoid() : new Identity();
        Sequential model = new Sequential(new Dense(features, hidden, true, init, random), activation,
                new Dense(hidden, out, PropertyCheck.bool(random), init, random), head);
        Loss loss;
        Tensor y;
        if (kind == 0) {
            loss = new HalfMeanSquaredError();
            y = PropertyCheck.uniform(random, -1, 1, n, out);
        } else if (kind == 1) {
            loss = new BinaryCrossEntropy();
            y = PropertyCheck.uniform(random, 0, 1, n, out);
        } else {
            loss = new SoftmaxCrossEntropy();
            y = Tensor.zeros(n);
            for (int i = 0; i < n; i++) {
                y.set(random.randint(0, out), i);
            }
        }
        return new Case(model, loss, x, y, intBetween(random, 1, 150));
    }

    @Test
    void blockedEqualsWhole() {
        forAll("blockedEqualsWhole", 300, 61_000, RowBlocksTest::newCase, c -> {
            c.model.zeroGrad();
            Tensor prediction = c.model.forward(c.x);
            double whole = c.loss.value(prediction, c.y);
            c.model.backwardToParameters(c.loss.gradient(prediction, c.y));
            List<Tensor> expected = grads(c.model);

            c.model.zeroGrad();
            RowBlocks blocks = new RowBlocks(c.model, c.blockRows);
            double blocked = blocks.lossAndGradients(c.x, c.y, c.loss);
            assertEquals(whole, blocked, 1e-12 * Math.abs(whole) + 1e-15, "loss");
            List<Tensor> actual = grads(c.model);
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(actual.get(i).allClose(expected.get(i), 1e-10, 1e-13),
                        "gradient " + i + "\n" + actual.get(i) + "\nvs whole\n" + expected.get(i));
            }
            assertTrue(blocks.forward(c.x).allClose(prediction, 1e-13, 1e-15), "forward");
        });
    }

    /**
     * A batch drawn by {@link MiniBatches} gives the bits of the same batch passed as tensors:
     * read where its rows lie when it is one block (by index, in the first {@code Dense}), copied
     * out when it has several; with replacement (repeated rows) and shuffled, the last batch smaller.
     */
    @Test
    void aBatchGivesTheBitsOfItsRowsAsTensors() {
        forAll("aBatchGivesTheBitsOfItsRowsAsTensors", 100, 62_000, RowBlocksTest::newCase, c -> {
            int n = c.x.dim(0);
            RandomState random = new RandomState(n);
            int batchSize = intBetween(random, 1, n);
            MiniBatches batches = PropertyCheck.bool(random)
                    ? MiniBatches.withReplacement(c.x, c.y, batchSize, 3, random)
                    : MiniBatches.shuffled(c.x, c.y, batchSize, false, random);
            RowBlocks blocks = new RowBlocks(c.model, c.blockRows);
            for (Batch b : batches) {
                String what = b + " in blocks of " + c.blockRows;
                c.model.zeroGrad();
                double byBatch = blocks.lossAndGradients(b, c.loss);
                List<Tensor> expected = grads(c.model);
                c.model.zeroGrad();
                double byTensors = blocks.lossAndGradients(c.x.gatherRows(b.indices()), b.y(), c.loss);
                assertEquals(byTensors, byBatch, 0.0, what + ": loss");
                assertEquals(grads(c.model), expected, what + ": gradients");
            }
        });
    }

    @Test
    void gradientsAreAddedToWhatIsThere() {
        Case c = newCase(new RandomState(3));
        RowBlocks blocks = new RowBlocks(c.model, 16);
        c.model.zeroGrad();
        blocks.lossAndGradients(c.x, c.y, c.loss);
        List<Tensor> once = grads(c.model);
        blocks.lossAndGradients(c.x, c.y, c.loss);
        List<Tensor> twice = grads(c.model);
        for (int i = 0; i < once.size(); i++) {
            assertTrue(twice.get(i).allClose(once.get(i).mul(2), 1e-12, 1e-15), "parameter " + i);
        }
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        RandomState random = new RandomState(11);
        Sequential model = new Sequential(new Dense(50, 21, true, Initializer.uniform(-0.5, 0.5), random), new Sigmoid(),
                new Dense(21, 1, false, Initializer.uniform(-0.5, 0.5), random), new Sigmoid());
        Tensor x = random.normal(0, 1, 3001, 50);
        Tensor y = random.rand(3001, 1);
        List<Tensor> reference = null;
        double referenceLoss = 0;
        Tensor referenceForward = null;
        for (int t : new int[] {1, 2, 3, 4}) {
            Parallelism.setThreads(t);
            RowBlocks blocks = new RowBlocks(model, 64);
            model.zeroGrad();
            double loss = blocks.lossAndGradients(x, y, new HalfMeanSquaredError());
            Tensor forward = blocks.forward(x);
            if (reference == null) {
                reference = grads(model);
                referenceLoss = loss;
                referenceForward = forward;
            } else {
                assertEquals(referenceLoss, loss, 0.0, t + " threads: loss");
                assertEquals(reference, grads(model), t + " threads: gradients");
                assertEquals(referenceForward, forward, t + " threads: forward");
            }
        }
    }

    /**
     * A read-only batch whose rows are mostly one value each is multiplied through its
     * compressed rows (core's CompressedRows): the same bits on any thread count, and the same
     * numbers as the writable batch up to rounding (the sums are taken in another order).
     */
    @Test
    void aReadOnlyBatchWithABackgroundIsBitIdenticalForAnyThreadCountAndCloseToAWritableOne() {
        RandomState random = new RandomState(12);
        Sequential model = new Sequential(new Dense(100, 21, true, Initializer.uniform(-0.5, 0.5), random),
                new Sigmoid(), new Dense(21, 1, false, Initializer.uniform(-0.5, 0.5), random), new Sigmoid());
        int n = 1000;
        double[] values = new double[n * 100];
        for (int r = 0; r < n; r++) {
            double background = random.nextGaussian();
            for (int p = 0; p < 100; p++) {
                values[r * 100 + p] = random.nextDouble() < 0.2 ? random.nextGaussian() : background;
            }
        }
        Tensor writable = Tensor.of(values, n, 100);
        Tensor x = Tensor.of(values, n, 100).readOnly();
        Tensor y = random.rand(n, 1);
        List<Tensor> reference = null;
        double referenceLoss = 0;
        for (int t : new int[] {1, 2, 3}) {
            Parallelism.setThreads(t);
            model.zeroGrad();
            double loss = new RowBlocks(model).lossAndGradients(x, y, new HalfMeanSquaredError());
            if (reference == null) {
                reference = grads(model);
                referenceLoss = loss;
            } else {
                assertEquals(referenceLoss, loss, 0.0, t + " threads: loss");
                assertEquals(reference, grads(model), t + " threads: gradients");
            }
        }
        model.zeroGrad();
        double dense = new RowBlocks(model).lossAndGradients(writable, y, new HalfMeanSquaredError());
        assertEquals(dense, referenceLoss, 1e-14);
        List<Tensor> denseGrads = grads(model);
        for (int i = 0; i < denseGrads.size(); i++) {
            assertTrue(denseGrads.get(i).allClose(reference.get(i), 1e-10, 1e-15), "gradient " + i);
        }
        assertTrue(!denseGrads.equals(reference), "the read-only batch took the compressed path");
    }

    /** Passes its input on and records the rows of every forward call, replicas included. */
    static final class RowRecorder implements Layer {
        final List<Integer> rows;

        RowRecorder(List<Integer> rows) {
            this.rows = rows;
        }

        @Override
        public Tensor forward(Tensor input) {
            synchronized (rows) {
                rows.add(input.dim(0));
            }
            return input;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            return gradOutput;
        }

        @Override
        public java.util.Optional<Layer> replica() {
            return java.util.Optional.of(new RowRecorder(rows));
        }
    }

    @Test
    void blocksOfBlockRowsAndSmallBatchesWhole() {
        assertBlocks(300, 128, List.of(44, 128, 128));
        assertBlocks(256, 128, List.of(128, 128));
        assertBlocks(129, 128, List.of(1, 128));
        assertBlocks(128, 128, List.of(128));
        assertBlocks(64, 128, List.of(64));
        assertBlocks(1, 128, List.of(1));
        assertBlocks(64, 20, List.of(4, 20, 20, 20));
    }

    private static void assertBlocks(int n, int blockRows, List<Integer> expected) {
        List<Integer> rows = new ArrayList<>();
        Sequential model = new Sequential(new Dense(3, 2, true, Initializer.uniform(-1, 1), new RandomState(0)),
                new RowRecorder(rows));
        RandomState random = new RandomState(n);
        new RowBlocks(model, blockRows).lossAndGradients(random.rand(n, 3), random.rand(n, 2), new HalfMeanSquaredError());
        rows.sort(null);
        assertEquals(expected, rows, n + " rows in blocks of at most " + blockRows);
    }

    @Test
    void aModelWithoutReplicasRunsWhole() {
        Case c = newCase(new RandomState(5));
        Layer opaque = new Layer() {   // delegates, but offers no replica
            @Override
            public Tensor forward(Tensor input) {
                return c.model.forward(input);
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                return c.model.backward(gradOutput);
            }

            @Override
            public List<Parameter> parameters() {
                return c.model.parameters();
            }
        };
        assertRunsWhole(opaque, c.loss, c);
    }

    @Test
    void aLossThatIsNoRowMeanRunsWhole() {
        Case c = newCase(new RandomState(6));
        Loss sum = new Loss() {   // not a mean over rows: a plain sum
            @Override
            public double value(Tensor prediction, Tensor target) {
                return c.loss.value(prediction, target) * prediction.dim(0);
            }

            @Override
            public Tensor gradient(Tensor prediction, Tensor target) {
                return c.loss.gradient(prediction, target).mul(prediction.dim(0));
            }
        };
        assertRunsWhole(c.model, sum, c);
    }

    /** Bit-identical to the whole-batch pass: nothing was cut into blocks. */
    private static void assertRunsWhole(Layer model, Loss loss, Case c) {
        model.zeroGrad();
        Tensor prediction = model.forward(c.x);
        double whole = loss.value(prediction, c.y);
        model.backwardToParameters(loss.gradient(prediction, c.y));
        List<Tensor> expected = grads(model);
        model.zeroGrad();
        assertEquals(whole, new RowBlocks(model, 1).lossAndGradients(c.x, c.y, loss), 0.0);
        assertEquals(expected, grads(model));
    }

    @Test
    void badArgumentsAreNamed() {
        Sequential model = new Sequential(new Dense(3, 2, true), new Sigmoid());
        assertEquals("Invalid block rows: 0 (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new RowBlocks(model, 0)).getMessage());
        assertEquals("RowBlocks needs a model, got null",
                assertThrows(IllegalArgumentException.class, () -> new RowBlocks(null)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RowBlocks(model).lossAndGradients(Tensor.zeros(5, 3), Tensor.zeros(4, 2), new HalfMeanSquaredError()));
        assertEquals("RowBlocks needs inputs and targets with the same rows, got [5, 3] and [4, 2]", e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new RowBlocks(model, 2).forward(Tensor.zeros(5, 4)));
        assertTrue(shape.getMessage().contains("Dense(3 -> 2) got input [5, 4]"), shape.getMessage());
        assertEquals("RowBlocks.lossAndGradients needs a batch and a loss, got null and HalfMeanSquaredError(L = 1/(2N) sum (yhat - y)^2)",
                assertThrows(IllegalArgumentException.class,
                        () -> new RowBlocks(model).lossAndGradients((Batch) null, new HalfMeanSquaredError())).getMessage());
    }

    private static List<Tensor> grads(Layer model) {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(p.grad().copy());
        }
        return out;
    }
}
