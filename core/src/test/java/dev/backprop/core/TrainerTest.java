package dev.backprop.core;

import static dev.backprop.core.TrainerFixtures.indexedRows;
import static dev.backprop.core.TrainerFixtures.regression;
import static dev.backprop.core.TrainerFixtures.rowIds;
import static dev.backprop.core.TrainerFixtures.zeroAffine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.core.TrainerFixtures.Affine;
import dev.backprop.core.TrainerFixtures.GradientDescent;
import dev.backprop.core.TrainerFixtures.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's semantics, its batching, listeners, early stopping and divergence. */
class TrainerTest {

    private final Loss mse = new HalfMeanSquaredError();

    private static Trainer.Builder builder(Layer model, Loss loss, double lr) {
        return Trainer.builder(model, loss, new GradientDescent(model.parameters(), lr));
    }

    // ---------------------------------------------------------------- the lesson's loop

    @Test
    void fullBatchRecordsTheLossBeforeEachUpdateAndTheValidationLossAfterIt() {
        Tensor[] train = regression(20, 1);
        Tensor[] val = regression(10, 2);
        Affine model = zeroAffine(3, 1);
        History history = builder(model, mse, 0.1).epochs(5).build().fit(train[0], train[1], val[0], val[1]);

        // the lesson's loop, written out
        Affine manual = zeroAffine(3, 1);
        GradientDescent gd = new GradientDescent(manual.parameters(), 0.1);
        double[] trainLoss = new double[5];
        double[] valLoss = new double[5];
        for (int epoch = 0; epoch < 5; epoch++) {
            gd.zeroGrad();
            Tensor prediction = manual.forward(train[0]);
            trainLoss[epoch] = mse.value(prediction, train[1]);
            manual.backward(mse.gradient(prediction, train[1]));
            gd.step();
            valLoss[epoch] = mse.value(manual.forward(val[0]), val[1]);
        }
        assertArrayEquals(trainLoss, history.trainLosses());
        assertArrayEquals(valLoss, history.validationLosses());
        assertArrayEquals(trainLoss, history.stepLosses());
        assertEquals(manual.weight.value(), model.weight.value());
        assertEquals(5, history.epochs());
        assertEquals(5, history.steps());
        assertFalse(history.stoppedEarly());
    }

    @Test
    void anEpochsTrainLossIsTheMeanOfItsStepLosses() {
        Tensor[] train = regression(10, 3);
        History history = builder(zeroAffine(3, 1), mse, 0.05).epochs(3)
                .shuffledBatches(4, new RandomState(5)).build().fit(train[0], train[1]);
        double[] steps = history.stepLosses();
        assertEquals(9, steps.length, "ceil(10 / 4) = 3 steps per epoch");
        for (int e = 0; e < 3; e++) {
            assertEquals((steps[3 * e] + steps[3 * e + 1] + steps[3 * e + 2]) / 3, history.trainLoss(e + 1));
        }
    }

    @Test
    void evaluateIsOneForwardPassAndTheLoss() {
        Tensor[] data = regression(8, 4);
        Affine model = new Affine(Tensor.fromRows(new double[] {1}, new double[] {1}, new double[] {1}), Tensor.vector(0));
        Trainer trainer = builder(model, mse, 0.1).epochs(1).build();
        double expected = mse.value(data[0].matmul(model.weight.value()), data[1]);
        assertEquals(expected, trainer.evaluate(data[0], data[1]));
        assertEquals(expected, Trainer.evaluate(model, mse, data[0], data[1]));
    }

    // ---------------------------------------------------------------- batching

    @Test
    void shuffledBatchesCutAFreshPermutationEachEpoch() {
        Recorder recorder = new Recorder();
        Sequential model = new Sequential(recorder, zeroAffine(2, 1));
        Tensor x = indexedRows(10);
        builder(model, mse, 0.01).epochs(2).shuffledBatches(4, new RandomState(42)).build()
                .fit(x, Tensor.zeros(10, 1));

        RandomState expected = new RandomState(42);
        List<int[]> batches = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] p = expected.permutation(10);
            batches.add(Arrays.copyOfRange(p, 0, 4));
            batches.add(Arrays.copyOfRange(p, 4, 8));
            batches.add(Arrays.copyOfRange(p, 8, 10));
        }
        assertEquals(batches.size(), recorder.batches.size());
        for (int i = 0; i < batches.size(); i++) {
            assertArrayEquals(batches.get(i), rowIds(recorder.batches.get(i)), "batch " + i);
        }
        int[] seen = new int[10];
        for (int i = 0; i < 3; i++) {
            for (int id : rowIds(recorder.batches.get(i))) {
                seen[id]++;
            }
        }
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, seen, "every row once per epoch");
    }

    @Test
    void sampledBatchesAreTheLessonsRandintDraws() {
        Recorder recorder = new Recorder();
        Sequential model = new Sequential(recorder, zeroAffine(2, 1));
        Tensor x = indexedRows(10);
        builder(model, mse, 0.01).epochs(2).sampledBatches(3, new RandomState(7)).build()
                .fit(x, Tensor.zeros(10, 1));

        // batch_size = 3; number_batches = int(10 / 3) = 3; idx = np.random.randint(0, 10, 3)
        RandomState expected = new RandomState(7);
        assertEquals(6, recorder.batches.size());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(expected.randint(0, 10, 3), rowIds(recorder.batches.get(i)), "batch " + i);
        }
    }

    @Test
    void batchesCarryTheirTargetsAlong() {
        Tensor x = indexedRows(7);
        Tensor y = Tensor.zeros(7, 1);
        for (int i = 0; i < 7; i++) {
            y.set(100 + i, i, 0);
        }
        List<String> pairs = new ArrayList<>();
        Loss spy = new Loss() {
            @Override
            public double value(Tensor prediction, Tensor target) {
                for (int i = 0; i < target.dim(0); i++) {
                    pairs.add((int) prediction.get(i, 0) + "->" + (int) target.get(i, 0));
                }
                return 0;
            }

            @Override
            public Tensor gradient(Tensor prediction, Tensor target) {
                return Tensor.zeros(prediction.shape());
            }
        };
        Parameter unused = new Parameter("unused", Tensor.zeros(1));
        Layer firstColumn = new Layer() {
            @Override
            public Tensor forward(Tensor input) {
                return input.matmul(Tensor.fromRows(new double[] {1}, new double[] {0}));
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                return Tensor.zeros(gradOutput.dim(0), 2);
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(unused);
            }
        };
        builder(firstColumn, spy, 0.1).epochs(1).shuffledBatches(3, new RandomState(1)).build().fit(x, y);
        builder(firstColumn, spy, 0.1).epochs(1).sampledBatches(3, new RandomState(1)).build().fit(x, y);
        assertEquals(7 + 6, pairs.size());
        for (String pair : pairs) {
            String[] parts = pair.split("->");
            assertEquals(Integer.parseInt(parts[0]) + 100, Integer.parseInt(parts[1]), pair);
        }
    }

    @Test
    void stepsPerEpochFollowTheBatching() {
        assertEquals(1, Batching.FULL_BATCH.stepsPerEpoch(48000, 64));
        assertEquals(750, Batching.SHUFFLED.stepsPerEpoch(48000, 64));
        assertEquals(751, Batching.SHUFFLED.stepsPerEpoch(48001, 64));
        assertEquals(750, Batching.WITH_REPLACEMENT.stepsPerEpoch(48063, 64), "the lesson's int(n / batch_size)");
    }

    @Test
    void theSameSeedGivesBitIdenticalHistories() {
        Tensor[] train = regression(30, 8);
        Tensor[] val = regression(10, 9);
        for (Batching batching : List.of(Batching.SHUFFLED, Batching.WITH_REPLACEMENT)) {
            History first = builder(zeroAffine(3, 1), mse, 0.05).epochs(4).batching(batching, 7, new RandomState(3))
                    .build().fit(train[0], train[1], val[0], val[1]);
            History second = builder(zeroAffine(3, 1), mse, 0.05).epochs(4).batching(batching, 7, new RandomState(3))
                    .build().fit(train[0], train[1], val[0], val[1]);
            History otherSeed = builder(zeroAffine(3, 1), mse, 0.05).epochs(4).batching(batching, 7, new RandomState(4))
                    .build().fit(train[0], train[1], val[0], val[1]);
            assertArrayEquals(first.stepLosses(), second.stepLosses(), batching.name());
            assertArrayEquals(first.validationLosses(), second.validationLosses(), batching.name());
            assertFalse(Arrays.equals(first.stepLosses(), otherSeed.stepLosses()), batching + ": seeds matter");
        }
    }

    // ---------------------------------------------------------------- listeners, metrics, early stop

    @Test
    void listenersSeeEveryEventInOrder() {
        Tensor[] train = regression(4, 1);
        Tensor[] val = regression(2, 2);
        List<String> events = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onTrainingStart(TrainingPlan plan) {
                events.add("start " + plan);
            }

            @Override
            public void onStepEnd(int epoch, int step, double loss) {
                events.add("step " + epoch + "." + step);
            }

            @Override
            public void onEpochEnd(int epoch, History history) {
                events.add("epoch " + epoch + " " + history.epochs());
            }

            @Override
            public void onTrainingEnd(History history) {
                events.add("end " + history.epochs());
            }
        };
        builder(zeroAffine(3, 1), mse, 0.1).epochs(2).shuffledBatches(2, new RandomState(0)).listener(recorder).build()
                .fit(train[0], train[1], val[0], val[1]);
        assertEquals(List.of(
                "start TrainingPlan[epochs=2, stepsPerEpoch=2, trainRows=4, batchSize=2, batching=SHUFFLED, validation=true]",
                "step 1.1", "step 1.2", "epoch 1 1", "step 2.1", "step 2.2", "epoch 2 2", "end 2"), events);
    }

    /** A listener that records its events in {@code events} and can be told to throw in either. */
    private static TrainingListener named(String name, List<String> events, boolean throwOnStart, boolean throwOnEnd) {
        return new TrainingListener() {
            @Override
            public void onTrainingStart(TrainingPlan plan) {
                events.add(name + " start");
                if (throwOnStart) {
                    throw new IllegalStateException(name + " failed to start");
                }
            }

            @Override
            public void onTrainingEnd(History history) {
                events.add(name + " end");
                if (throwOnEnd) {
                    throw new IllegalStateException(name + " failed to end");
                }
            }
        };
    }

    @Test
    void listenersThatStartedAreEndedWhenALaterOneFailsToStart() {
        Tensor[] train = regression(4, 1);
        List<String> events = new ArrayList<>();
        Trainer trainer = builder(zeroAffine(3, 1), mse, 0.1).epochs(2)
                .listener(named("first", events, false, true))
                .listener(named("second", events, true, false))
                .listener(named("third", events, false, false)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(train[0], train[1]));
        assertEquals("second failed to start", e.getMessage(), "the first failure is the one thrown");
        assertEquals(List.of("first start", "second start", "first end"), events,
                "the first is ended; the second did not start, the third was never started");
        assertEquals(1, e.getSuppressed().length);
        assertEquals("first failed to end", e.getSuppressed()[0].getMessage());
    }

    @Test
    void everyListenerIsEndedWhenOneFailsToEnd() {
        Tensor[] train = regression(4, 1);
        List<String> events = new ArrayList<>();
        Trainer trainer = builder(zeroAffine(3, 1), mse, 0.1).epochs(1)
                .listener(named("first", events, false, true))
                .listener(named("second", events, false, true))
                .listener(named("third", events, false, false)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(train[0], train[1]));
        assertEquals("first failed to end", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("second failed to end", e.getSuppressed()[0].getMessage());
        assertEquals(List.of("first start", "second start", "third start", "first end", "second end", "third end"),
                events);
    }

    @Test
    void aTrainingFailureStaysPrimaryWhenAListenerFailsToEnd() {
        Tensor[] train = regression(20, 1);
        List<String> events = new ArrayList<>();
        Trainer trainer = builder(zeroAffine(3, 1), mse, 1e6).epochs(500)
                .listener(named("first", events, false, true))
                .listener(named("second", events, false, false)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train[0], train[1]));
        assertEquals(List.of("first start", "second start", "first end", "second end"), events);
        assertEquals(1, e.getSuppressed().length);
        assertEquals("first failed to end", e.getSuppressed()[0].getMessage());
    }

    @Test
    void metricsAreRecordedOnTheValidationSet() {
        Tensor[] train = regression(12, 1);
        Tensor[] val = regression(6, 2);
        Metric meanPrediction = (prediction, target) -> prediction.mean();
        Affine model = zeroAffine(3, 1);
        History history = builder(model, mse, 0.1).epochs(3).metric("mean", meanPrediction).metric("mse", mse::value)
                .build().fit(train[0], train[1], val[0], val[1]);
        assertEquals(List.of("mean", "mse"), history.metricNames());
        assertArrayEquals(history.validationLosses(), history.metric("mse"));
        assertEquals(model.forward(val[0]).mean(), history.lastMetric("mean"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history.metric("accuracy"));
        assertEquals("Unknown metric 'accuracy' (recorded: [mean, mse])", e.getMessage());
    }

    @Test
    void metricsNeedAValidationSet() {
        Tensor[] train = regression(4, 1);
        Trainer trainer = builder(zeroAffine(3, 1), mse, 0.1).epochs(1).metric("mse", mse::value).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(train[0], train[1]));
        assertEquals("Metrics [mse] are computed on the validation set: call fit(x, y, xVal, yVal)", e.getMessage());
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
        // training fits y = x while the validation set wants y = -x: validation gets worse every epoch
        Tensor x = new RandomState(0).randn(20, 1);
        Tensor xVal = new RandomState(1).randn(10, 1);
        EarlyStopping early = new EarlyStopping(2);
        History history = builder(zeroAffine(1, 1), mse, 0.1).epochs(50).listener(early).build()
                .fit(x, x, xVal, xVal.mul(-1));
        assertEquals(3, history.epochs(), "best at epoch 1, then 2 epochs without improvement");
        assertTrue(history.stoppedEarly());
        assertEquals(1, early.bestEpoch());
        assertEquals(history.validationLoss(1), early.bestLoss());
        assertEquals(1, history.bestValidationEpoch());
    }

    @Test
    void earlyStoppingLetsAnImprovingRunFinish() {
        Tensor[] train = regression(20, 1);
        Tensor[] val = regression(10, 2);
        History history = builder(zeroAffine(3, 1), mse, 0.1).epochs(10).listener(new EarlyStopping(1, 1e-12)).build()
                .fit(train[0], train[1], val[0], val[1]);
        assertEquals(10, history.epochs());
        assertFalse(history.stoppedEarly());
    }

    @Test
    void earlyStoppingNeedsAValidationSet() {
        Tensor[] train = regression(4, 1);
        Trainer trainer = builder(zeroAffine(3, 1), mse, 0.1).epochs(3).listener(new EarlyStopping(2)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(train[0], train[1]));
        assertEquals("EarlyStopping(patience=2, minDelta=0.0) watches the validation loss: call fit(x, y, xVal, yVal)",
                e.getMessage());
    }

    @Test
    void earlyStoppingRejectsBadSettings() {
        assertEquals("Invalid patience: 0 (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0)).getMessage());
        assertEquals("Invalid minDelta: -0.1 (must be finite and >= 0)",
                assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(3, -0.1)).getMessage());
    }

    @Test
    void eachEpochListenerRunsItsAction() {
        Tensor[] train = regression(4, 1);
        List<Integer> epochs = new ArrayList<>();
        builder(zeroAffine(3, 1), mse, 0.1).epochs(3)
                .listener(TrainingListener.eachEpoch((epoch, history) -> epochs.add(epoch * 10 + history.epochs())))
                .build().fit(train[0], train[1]);
        assertEquals(List.of(11, 22, 33), epochs);
    }

    @Test
    void logEveryRejectsANonPositiveInterval() {
        assertEquals("Invalid logging interval: 0 epochs (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> TrainingListener.logEvery(0)).getMessage());
    }

    // ---------------------------------------------------------------- divergence

    @Test
    void aHugeLearningRateStopsTrainingWithTheEpochAndAdvice() {
        Tensor[] train = regression(20, 1);
        Affine model = zeroAffine(3, 1);
        List<String> ended = new ArrayList<>();
        Trainer trainer = builder(model, mse, 1e6).epochs(500)
                .listener(TrainingListener.eachEpoch((e, h) -> { }))
                .listener(new TrainingListener() {
                    @Override
                    public void onTrainingEnd(History history) {
                        ended.add("end after " + history.epochs());
                    }
                }).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train[0], train[1]));
        assertTrue(e.getMessage().startsWith("Training diverged at epoch " + e.epoch() + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith(". Try a smaller learning rate (now 1000000.0)."), e.getMessage());
        assertTrue(e.epoch() > 1 && e.epoch() < 500, "epoch " + e.epoch());
        assertEquals(e.epoch() - 1, e.history().epochs());
        assertEquals(List.of("end after " + (e.epoch() - 1)), ended, "listeners are told the run ended");
    }

    @Test
    void aNanLossStopsBeforeTheUpdate() {
        Tensor[] train = regression(6, 1);
        Affine model = zeroAffine(3, 1);
        Loss nanAtThirdCall = new Loss() {
            private int calls;

            @Override
            public double value(Tensor prediction, Tensor target) {
                return ++calls == 3 ? Double.NaN : mse.value(prediction, target);
            }

            @Override
            public Tensor gradient(Tensor prediction, Tensor target) {
                return mse.gradient(prediction, target);
            }
        };
        Trainer trainer = builder(model, nanAtThirdCall, 0.1).epochs(2).shuffledBatches(3, new RandomState(0)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train[0], train[1]));
        assertEquals("Training diverged at epoch 2, step 1 of 2: the loss is NaN; the parameters keep their values "
                + "from before this step. Try a smaller learning rate (now 0.1).", e.getMessage());
        assertEquals(2, e.epoch());
        assertEquals(1, e.step());
        assertEquals(3, e.history().steps(), "the failing step's loss is recorded");
        assertTrue(Double.isNaN(e.history().stepLosses()[2]));
    }

    @Test
    void aNonFiniteGradientStopsBeforeTheUpdate() {
        Tensor[] train = regression(6, 1);
        Affine inner = zeroAffine(3, 1);
        Layer model = new Layer() {
            @Override
            public Tensor forward(Tensor input) {
                return inner.forward(input);
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                Tensor g = inner.backward(gradOutput);
                inner.bias.grad().set(Double.POSITIVE_INFINITY, 0);
                return g;
            }

            @Override
            public List<Parameter> parameters() {
                return inner.parameters();
            }
        };
        Trainer trainer = builder(model, mse, 0.1).epochs(2).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train[0], train[1]));
        assertEquals("Training diverged at epoch 1: the gradient of 'bias' is Infinity at index 0; the parameters keep "
                + "their values from before this step. Try a smaller learning rate (now 0.1).", e.getMessage());
        assertEquals(Tensor.zeros(3, 1), inner.weight.value(), "no update happened");
    }

    @Test
    void anUpdateThatOverflowsIsReported() {
        // loss 2 and gradient 2 are finite; the step 1e308 * 2 is not
        Tensor x = Tensor.fromRows(new double[] {1});
        Tensor y = Tensor.fromRows(new double[] {-1});
        Affine model = new Affine(Tensor.fromRows(new double[] {1}), Tensor.vector(0));
        model.bias.setTrainable(false);
        Trainer trainer = builder(model, mse, 1e308).epochs(1).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(x, y));
        assertTrue(e.getMessage().startsWith("Training diverged at epoch 1: the update left -Infinity in parameter "
                + "'weight' at index 0"), e.getMessage());
    }

    @Test
    void theLossIncreaseCheckStopsARunWhoseLossGrows() {
        // gradient descent with lr above 2 / curvature oscillates with a growing amplitude
        Tensor[] train = regression(20, 1);
        Trainer trainer = builder(zeroAffine(3, 1), mse, 2.5).epochs(100)
                .divergenceDetector(DivergenceDetector.lossIncrease(10)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train[0], train[1]));
        History h = e.history();
        assertTrue(e.getMessage().startsWith("Training diverged at epoch " + h.epochs() + ": the train loss "
                + h.lastTrainLoss() + " is more than 10.0 times the first epoch's " + h.trainLoss(1)), e.getMessage());
        assertTrue(h.lastTrainLoss() > 10 * h.trainLoss(1));
        assertEquals(0, e.step());
    }

    @Test
    void theLossIncreaseFactorIsChecked() {
        assertEquals("Invalid loss increase factor: 1.0 (must be finite and > 1)",
                assertThrows(IllegalArgumentException.class, () -> DivergenceDetector.lossIncrease(1.0)).getMessage());
    }

    // ---------------------------------------------------------------- builder and data checks

    private static String buildError(Trainer.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void buildRejectsZeroBlockRows() {
        assertEquals("Invalid block rows: 0 (must be >= 1)",
                buildError(builder(zeroAffine(1, 1), mse, 0.1).epochs(1).blockRows(0)));
    }

    @Test
    void buildRejectsZeroEpochs() {
        assertEquals("Invalid epochs: 0 (must be >= 1)", buildError(builder(zeroAffine(1, 1), mse, 0.1)));
    }

    @Test
    void buildRejectsANonPositiveBatchSize() {
        assertEquals("Invalid batch size: 0 (must be >= 1)",
                buildError(builder(zeroAffine(1, 1), mse, 0.1).epochs(1).shuffledBatches(0, new RandomState(0))));
    }

    @Test
    void buildRejectsMiniBatchesWithoutRandomState() {
        assertEquals("WITH_REPLACEMENT batches need a RandomState (got null)",
                buildError(builder(zeroAffine(1, 1), mse, 0.1).epochs(1).sampledBatches(64, null)));
    }

    @Test
    void buildRejectsABatchSizeForFullBatch() {
        assertEquals("FULL_BATCH uses the whole training set: got batch size 64 and null (expected 0 and null)",
                buildError(builder(zeroAffine(1, 1), mse, 0.1).epochs(1).batching(Batching.FULL_BATCH, 64, null)));
    }

    @Test
    void buildRejectsAMissingLoss() {
        Affine model = zeroAffine(1, 1);
        assertTrue(buildError(Trainer.builder(model, null, new GradientDescent(model.parameters(), 0.1)).epochs(1))
                .startsWith("Trainer needs a model, a loss and an optimizer, got "));
    }

    @Test
    void buildRejectsAnOptimizerOfAnotherModel() {
        Affine model = zeroAffine(1, 1);
        Affine other = zeroAffine(1, 1);
        assertEquals("None of the optimizer's parameters [Parameter(weight, [1, 1]), Parameter(bias, [1])] belongs to "
                + "the model: build the optimizer from model.parameters()",
                buildError(Trainer.builder(model, mse, new GradientDescent(other.parameters(), 0.1)).epochs(1)));
    }

    @Test
    void buildRejectsANullListener() {
        assertEquals("Listener 0 is null", buildError(builder(zeroAffine(1, 1), mse, 0.1).epochs(1).listener(null)));
    }

    @Test
    void buildRejectsDuplicateMetricNames() {
        assertEquals("Duplicate metric name: 'mse'", buildError(builder(zeroAffine(1, 1), mse, 0.1).epochs(1)
                .metric("mse", mse::value).metric("mse", mse::value)));
    }

    @Test
    void buildRejectsABlankMetricName() {
        assertEquals("Invalid metric name: ' ' (must not be blank)",
                buildError(builder(zeroAffine(1, 1), mse, 0.1).epochs(1).metric(" ", mse::value)));
    }

    private static String fitError(Trainer trainer, Tensor x, Tensor y, Tensor xVal, Tensor yVal) {
        return assertThrows(IllegalArgumentException.class, () -> trainer.fit(x, y, xVal, yVal)).getMessage();
    }

    @Test
    void fitRejectsRowCountsThatDiffer() {
        Trainer t = builder(zeroAffine(2, 1), mse, 0.1).epochs(1).build();
        assertEquals("Training inputs have 5 rows but targets have 4 (shapes [5, 2] and [4, 1])",
                fitError(t, Tensor.zeros(5, 2), Tensor.zeros(4, 1), null, null));
    }

    @Test
    void fitRejectsAnEmptyTrainingSet() {
        Trainer t = builder(zeroAffine(2, 1), mse, 0.1).epochs(1).build();
        assertEquals("Training set is empty (inputs [0, 2])", fitError(t, Tensor.zeros(0, 2), Tensor.zeros(0, 1), null, null));
    }

    @Test
    void fitRejectsNonFiniteInputs() {
        Trainer t = builder(zeroAffine(2, 1), mse, 0.1).epochs(1).build();
        Tensor x = Tensor.zeros(3, 2);
        x.set(Double.NaN, 1, 1);
        assertEquals("Training inputs hold NaN at index 3 (row 1)", fitError(t, x, Tensor.zeros(3, 1), null, null));
    }

    @Test
    void fitRejectsValidationFeaturesThatDoNotMatch() {
        Trainer t = builder(zeroAffine(2, 1), mse, 0.1).epochs(1).build();
        assertEquals("Validation inputs [2, 3] do not match training inputs [4, 2] beyond the batch dimension",
                fitError(t, Tensor.zeros(4, 2), Tensor.zeros(4, 1), Tensor.zeros(2, 3), Tensor.zeros(2, 1)));
    }

    @Test
    void fitRejectsHalfAValidationSet() {
        Trainer t = builder(zeroAffine(2, 1), mse, 0.1).epochs(1).build();
        assertEquals("Validation set needs inputs and targets, got [2, 2] and null",
                fitError(t, Tensor.zeros(4, 2), Tensor.zeros(4, 1), Tensor.zeros(2, 2), null));
    }

    @Test
    void fitRejectsABatchLargerThanTheTrainingSet() {
        Trainer t = builder(zeroAffine(2, 1), mse, 0.1).epochs(1).sampledBatches(64, new RandomState(0)).build();
        assertEquals("Batch size 64 is larger than the training set (50 rows)",
                fitError(t, Tensor.zeros(50, 2), Tensor.zeros(50, 1), null, null));
    }

    @Test
    void toStringShowsTheConfiguration() {
        Affine model = zeroAffine(2, 1);
        Trainer t = builder(model, mse, 0.5).epochs(3).shuffledBatches(8, new RandomState(0)).build();
        assertEquals("Trainer(epochs=3, SHUFFLED(8), GradientDescent(lr=0.5), " + mse
                + ", DivergenceDetector.nonFinite())", t.toString());
    }
}
