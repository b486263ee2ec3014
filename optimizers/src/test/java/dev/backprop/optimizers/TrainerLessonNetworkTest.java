package dev.backprop.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.core.Batching;
import dev.backprop.core.DivergenceDetector;
import dev.backprop.core.EarlyStopping;
import dev.backprop.core.HalfMeanSquaredError;
import dev.backprop.core.History;
import dev.backprop.core.Initializer;
import dev.backprop.core.Loss;
import dev.backprop.core.Optimizer;
import dev.backprop.core.Parallelism;
import dev.backprop.core.Parameter;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;
import dev.backprop.core.Trainer;
import dev.backprop.core.TrainingDivergedException;
import dev.backprop.layers.Dense;
import dev.backprop.layers.Sigmoid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The Trainer with the real optimizers on the lesson's small network,
 * {@code Dense(m -> h, bias), Sigmoid, Dense(h -> 1, no bias), Sigmoid} with the lesson's loss
 * {@code 1/(2n) sum (yhat - y)^2}, on a small synthetic regression task shaped like the
 * lesson's (standardized rows, targets label / 10).
 */
class TrainerLessonNetworkTest {

    private static final int FEATURES = 8;
    private static final int HIDDEN = 5;
    private final Loss loss = new HalfMeanSquaredError();

    /** {@code [x, y]}: rows standardized per sample, targets in {0, 0.1, ..., 0.9}. */
    private static Tensor[] digits(int n, long seed) {
        RandomState r = new RandomState(seed);
        Tensor x = r.randn(n, FEATURES);
        double[] d = x.data();
        Tensor y = Tensor.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int j = 0; j < FEATURES; j++) {
                mean += d[i * FEATURES + j];
            }
            mean /= FEATURES;
            double var = 0;
            for (int j = 0; j < FEATURES; j++) {
                double c = d[i * FEATURES + j] - mean;
                var += c * c;
            }
            double std = Math.sqrt(var / FEATURES);
            double score = 0;
            for (int j = 0; j < FEATURES; j++) {
                d[i * FEATURES + j] = (d[i * FEATURES + j] - mean) / std;
                score += (j % 3 - 1) * d[i * FEATURES + j];
            }
            double label = Math.min(9, Math.floor(10 / (1 + Math.exp(-score))));
            y.set(label / 10, i, 0);
        }
        return new Tensor[] {x, y};
    }

    private static Sequential lessonNetwork(long seed) {
        RandomState r = new RandomState(seed);
        Initializer init = Initializer.uniform(-0.5, 0.5);
        return new Sequential(new Dense(FEATURES, HIDDEN, true, init, r), new Sigmoid(),
                new Dense(HIDDEN, 1, false, init, r), new Sigmoid());
    }

    @Test
    void fullBatchSgdDecreasesTheLossMonotonicallyAtASmallLearningRate() {
        Tensor[] train = digits(200, 1);
        Tensor[] val = digits(50, 2);
        Sequential model = lessonNetwork(0);
        History history = Trainer.builder(model, loss, new SGD(model.parameters(), 0.5)).epochs(200).build()
                .fit(train[0], train[1], val[0], val[1]);
        double[] losses = history.trainLosses();
        assertEquals(200, losses.length);
        for (int e = 1; e < losses.length; e++) {
            assertTrue(losses[e] < losses[e - 1], "epoch " + (e + 1) + ": " + losses[e - 1] + " -> " + losses[e]);
        }
        assertTrue(losses[199] < 0.8 * losses[0], "the loss actually drops: " + losses[0] + " -> " + losses[199]);
    }

    /**
     * Training is bit-identical for 1, 2 and 3 kernel threads: on a batch large enough that
     * every product is split into parallel chunks, full batch and mini-batches.
     */
    @Test
    void historiesAndWeightsAreBitIdenticalForAnyThreadCount() {
        int defaultThreads = Parallelism.threads();
        try {
            // 300 features: a's columns span two chunks of X^T Q, 3000 rows span three row chunks
            RandomState data = new RandomState(5);
            Tensor[] train = {data.randn(3000, 300), data.uniform(0, 1, 3000, 1)};
            Tensor[] val = {data.randn(500, 300), data.uniform(0, 1, 500, 1)};
            Map<Integer, List<double[]>> runs = new LinkedHashMap<>();
            for (int threads : new int[] {1, 2, 3}) {
                Parallelism.setThreads(threads);
                List<double[]> run = new ArrayList<>();
                for (boolean fullBatch : new boolean[] {true, false}) {
                    RandomState init = new RandomState(9);
                    Initializer u = Initializer.uniform(-0.1, 0.1);
                    Sequential model = new Sequential(new Dense(300, 30, true, u, init), new Sigmoid(),
                            new Dense(30, 1, false, u, init), new Sigmoid());
                    Trainer.Builder b = Trainer.builder(model, loss, new SGD(model.parameters(), 5)).epochs(4);
                    if (!fullBatch) {
                        b.shuffledBatches(1000, new RandomState(3));
                    }
                    History h = b.build().fit(train[0], train[1], val[0], val[1]);
                    run.add(h.trainLosses());
                    run.add(h.validationLosses());
                    for (Parameter p : model.parameters()) {
                        run.add(p.value().toArray());
                    }
                }
                runs.put(threads, run);
            }
            List<double[]> one = runs.get(1);
            for (Map.Entry<Integer, List<double[]>> e : runs.entrySet()) {
                for (int i = 0; i < one.size(); i++) {
                    assertArrayEquals(one.get(i), e.getValue().get(i), e.getKey() + " threads, array " + i);
                }
            }
        } finally {
            Parallelism.setThreads(defaultThreads);
        }
    }

    /**
     * The lesson's section 3 loop written out with its own formulas (Q2, Q1, eta / n) gives the
     * same train and validation curves as the Trainer with SGD and the 1/2-MSE loss.
     */
    @Test
    void theTrainerFollowsTheLessonsLoop() {
        Tensor[] train = digits(120, 3);
        Tensor[] val = digits(40, 4);
        double eta = 5;
        int epochs = 30;
        Sequential model = lessonNetwork(7);
        Dense first = (Dense) model.layer(0);
        Dense second = (Dense) model.layer(2);
        Tensor w1 = first.weight().value().copy();
        Tensor b1 = first.bias().value().copy();
        Tensor w2 = second.weight().value().copy();

        History history = Trainer.builder(model, loss, new SGD(model.parameters(), eta)).epochs(epochs).build()
                .fit(train[0], train[1], val[0], val[1]);

        int n = train[0].dim(0);
        double[] lossTrain = new double[epochs];
        double[] lossVal = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            Tensor hHat = train[0].matmul(w1).addRowVector(b1).sigmoid();
            Tensor yPred = hHat.matmul(w2).sigmoid();
            lossTrain[epoch] = 0.5 * yPred.sub(train[1]).map(v -> v * v).mean();
            Tensor q2 = yPred.sub(train[1]).mul(yPred).mul(yPred.map(v -> 1 - v));
            Tensor q1 = q2.matmulTranspose(w2).mul(hHat).mul(hHat.map(v -> 1 - v));
            Tensor gradW1 = train[0].transposeMatmul(q1);
            Tensor gradB1 = q1.sum(0);
            Tensor gradW2 = hHat.transposeMatmul(q2);
            w1.addScaledInPlace(-eta / n, gradW1);
            b1.addScaledInPlace(-eta / n, gradB1);
            w2.addScaledInPlace(-eta / n, gradW2);
            Tensor valPred = val[0].matmul(w1).addRowVector(b1).sigmoid().matmul(w2).sigmoid();
            lossVal[epoch] = 0.5 * valPred.sub(val[1]).map(v -> v * v).mean();
        }
        assertClose(lossTrain, history.trainLosses());
        assertClose(lossVal, history.validationLosses());
        assertTrue(first.weight().value().allClose(w1, 1e-12, 1e-15));
        assertTrue(second.weight().value().allClose(w2, 1e-12, 1e-15));
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.abs(expected[i]), "epoch " + (i + 1));
        }
    }

    @Test
    void aLearningRateOf1e6SaturatesTheSigmoidNetworkAndTheLossIncreaseCheckStopsIt() {
        Tensor[] train = digits(200, 1);
        Sequential model = lessonNetwork(0);
        Trainer trainer = Trainer.builder(model, loss, new SGD(model.parameters(), 1e6)).epochs(100)
                .divergenceDetector(DivergenceDetector.lossIncrease(2)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train[0], train[1]));
        assertTrue(e.getMessage().startsWith("Training diverged at epoch " + e.epoch() + ": the train loss "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("Try a smaller learning rate (now 1000000.0)."), e.getMessage());
        assertTrue(e.epoch() <= 5, "caught early: epoch " + e.epoch());
        for (Parameter p : model.parameters()) {
            assertTrue(Arrays.stream(p.value().data()).allMatch(Double::isFinite), p + " stays finite");
        }
    }

    @Test
    void aLearningRateOf1e6OverflowsAnUnboundedOutputAndTheDefaultDetectorStopsIt() {
        Tensor[] train = digits(200, 1);
        RandomState r = new RandomState(0);
        Initializer init = Initializer.uniform(-0.5, 0.5);
        Sequential model = new Sequential(new Dense(FEATURES, HIDDEN, true, init, r), new Sigmoid(),
                new Dense(HIDDEN, 1, false, init, r));
        Trainer trainer = Trainer.builder(model, loss, new SGD(model.parameters(), 1e6)).epochs(500).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train[0], train[1]));
        assertTrue(e.getMessage().startsWith("Training diverged at epoch " + e.epoch() + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("Try a smaller learning rate (now 1000000.0)."), e.getMessage());
        assertTrue(e.epoch() < 500);
    }

    @Test
    void theSameSeedGivesBitIdenticalHistoriesInEveryBatching() {
        Tensor[] train = digits(100, 1);
        Tensor[] val = digits(30, 2);
        for (Batching batching : Batching.values()) {
            History a = run(batching, 11, train, val);
            History b = run(batching, 11, train, val);
            assertArrayEquals(a.stepLosses(), b.stepLosses(), batching.name());
            assertArrayEquals(a.trainLosses(), b.trainLosses(), batching.name());
            assertArrayEquals(a.validationLosses(), b.validationLosses(), batching.name());
            if (batching != Batching.FULL_BATCH) {
                History other = run(batching, 12, train, val);
                assertFalse(Arrays.equals(a.stepLosses(), other.stepLosses()), batching + ": the seed matters");
            }
        }
    }

    private History run(Batching batching, long seed, Tensor[] train, Tensor[] val) {
        Sequential model = lessonNetwork(0);
        Trainer.Builder builder = Trainer.builder(model, loss, new Adam(model.parameters(), 0.01, 0.9, 0.999, 1e-8))
                .epochs(5);
        if (batching == Batching.FULL_BATCH) {
            builder.fullBatch();
        } else {
            builder.batching(batching, 16, new RandomState(seed));
        }
        return builder.build().fit(train[0], train[1], val[0], val[1]);
    }

    @Test
    void everyOptimizerTrainsTheLessonNetworkWithMiniBatches() {
        Tensor[] train = digits(256, 1);
        Tensor[] val = digits(64, 2);
        List<Function<List<Parameter>, Optimizer>> optimizers = List.of(
                p -> new SGD(p, 1.0),
                p -> new Momentum(p, 0.2, 0.9),
                p -> new Adagrad(p, 0.1, 1e-8),
                p -> new RMSProp(p, 0.005, 0.9, 1e-8),
                p -> new Adam(p));
        for (Function<List<Parameter>, Optimizer> factory : optimizers) {
            Sequential model = lessonNetwork(0);
            Optimizer optimizer = factory.apply(model.parameters());
            double before = Trainer.evaluate(model, loss, val[0], val[1]);
            History history = Trainer.builder(model, loss, optimizer).epochs(20)
                    .shuffledBatches(32, new RandomState(5)).build().fit(train[0], train[1], val[0], val[1]);
            assertEquals(8 * 20, history.steps());
            assertTrue(history.lastValidationLoss() < 0.9 * before,
                    optimizer + ": validation loss " + before + " -> " + history.lastValidationLoss());
        }
    }

    @Test
    void earlyStoppingStopsWhenTheValidationLossStopsImproving() {
        Tensor[] train = digits(100, 1);
        // the validation targets are mirrored (0.9 - y): fitting the training set makes them worse
        Tensor[] val = digits(40, 2);
        Tensor mirrored = val[1].map(v -> 0.9 - v);
        Sequential model = lessonNetwork(0);
        EarlyStopping early = new EarlyStopping(3);
        History history = Trainer.builder(model, loss, new SGD(model.parameters(), 2.0)).epochs(500)
                .listener(early).build().fit(train[0], train[1], val[0], mirrored);
        assertTrue(history.stoppedEarly());
        assertEquals(early.bestEpoch() + 3, history.epochs());
        assertEquals(history.bestValidationEpoch(), early.bestEpoch());
        assertTrue(history.epochs() < 500);
    }

    @Test
    void optimizerStateSavedMidTrainingResumesBitIdentically() {
        Tensor[] train = digits(60, 1);
        Sequential model = lessonNetwork(0);
        Adam adam = new Adam(model.parameters(), 0.01, 0.9, 0.999, 1e-8);
        Trainer.builder(model, loss, adam).epochs(5).build().fit(train[0], train[1]);
        Map<String, Tensor> state = adam.state();
        Sequential resumed = lessonNetwork(99);
        for (int i = 0; i < model.parameters().size(); i++) {
            resumed.parameters().get(i).value().copyFrom(model.parameters().get(i).value());
        }
        Adam resumedAdam = new Adam(resumed.parameters(), 0.01, 0.9, 0.999, 1e-8);
        resumedAdam.loadState(state);

        History a = Trainer.builder(model, loss, adam).epochs(5).build().fit(train[0], train[1]);
        History b = Trainer.builder(resumed, loss, resumedAdam).epochs(5).build().fit(train[0], train[1]);
        assertArrayEquals(a.trainLosses(), b.trainLosses());
        assertEquals(adam.state(), resumedAdam.state());
    }
}
