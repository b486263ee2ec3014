package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.GradientCheck;
import dev.backprop.core.Layer;
import dev.backprop.core.Parameter;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.backprop.core.PropertyCheck.forAll;
import static dev.backprop.core.PropertyCheck.intBetween;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every layer promises, as properties: implement this interface once per layer (a class
 * named {@code ...ContractTest}) and every default method below runs as a test for it.
 *
 * <p>Each case is a fresh layer for a random batch (1..8 rows) of random width (1..10
 * features), a random input from {@link #input} and a random upstream gradient.
 */
interface LayerContract {

    int TRIES = 1000;

    /** A fresh layer taking inputs of {@code features} columns; any settings drawn from {@code random}. */
    Layer newLayer(int features, RandomState random);

    /** The input values; layers with a kink override this to stay away from it. */
    default Tensor input(RandomState random, int batch, int features) {
        return PropertyCheck.uniform(random, -3, 3, batch, features);
    }

    /** The output shape the layer must produce for {@code [batch, features]}. */
    default int[] expectedOutputShape(Layer layer, int batch, int features) {
        return new int[] {batch, features};
    }

    /** A layer, an input and an upstream gradient of the output's shape. */
    final class Case {
        final Layer layer;
        final Tensor input;
        final Tensor gradOutput;

        Case(Layer layer, Tensor input, Tensor gradOutput) {
            this.layer = layer;
            this.input = input;
            this.gradOutput = gradOutput;
        }

        int batch() {
            return input.dim(0);
        }

        int features() {
            return input.dim(1);
        }

        @Override
        public String toString() {
            return "layer " + layer + ", parameters " + layer.parameters().stream()
                    .map(p -> p.name() + "=" + p.value()).toList() + "\ninput " + input + "\ngradOutput " + gradOutput;
        }
    }

    private Case newCase(RandomState random) {
        int batch = intBetween(random, 1, 8);
        int features = intBetween(random, 1, 10);
        Layer layer = newLayer(features, random);
        Tensor x = input(random, batch, features);
        Tensor g = random.normal(0, 1, expectedOutputShape(layer, batch, features));
        return new Case(layer, x, g);
    }

    private long seed(String property) {
        // Distinct, stable cases per layer and property.
        return Math.floorMod((getClass().getSimpleName() + "." + property).hashCode(), 1_000_000) * 1000L;
    }

    @Test
    default void gradientCheckPasses() {
        forAll("gradientCheckPasses", TRIES, seed("gradientCheckPasses"), this::newCase,
                c -> GradientCheck.check(c.layer, c.input));
    }

    @Test
    default void outputHasTheExpectedShape() {
        forAll("outputHasTheExpectedShape", TRIES, seed("outputHasTheExpectedShape"), this::newCase, c -> {
            int[] expected = expectedOutputShape(c.layer, c.batch(), c.features());
            assertArrayEquals(expected, c.layer.forward(c.input).shape(), "forward");
            assertArrayEquals(expected, c.layer.outputShape(c.input.shape()), "outputShape");
        });
    }

    @Test
    default void backwardBeforeForwardThrows() {
        forAll("backwardBeforeForwardThrows", TRIES, seed("backwardBeforeForwardThrows"), this::newCase, c -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.layer.backward(c.gradOutput));
            // A model reports it from the layer that noticed; a single layer names itself.
            assertTrue(e.getMessage().endsWith(": backward called before forward"), e.getMessage());
        });
    }

    @Test
    default void backwardRejectsAGradientOfTheWrongShape() {
        forAll("backwardRejectsAGradientOfTheWrongShape", TRIES, seed("backwardRejectsAGradientOfTheWrongShape"),
                this::newCase, c -> {
                    int[] expected = c.gradOutput.shape();
                    int[] wrong = expected.clone();
                    wrong[0]++;
                    c.layer.forward(c.input);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> c.layer.backward(Tensor.zeros(wrong)));
                    String tail = " backward got gradient " + Arrays.toString(wrong) + ", expected " + Arrays.toString(expected);
                    assertTrue(e.getMessage().endsWith(tail), e.getMessage());
                });
    }

    /** A null input or gradient is named (a model reports it from the layer that noticed), not a NullPointerException. */
    @Test
    default void nullArgumentsAreRejectedNamingThem() {
        forAll("nullArgumentsAreRejectedNamingThem", TRIES, seed("nullArgumentsAreRejectedNamingThem"), this::newCase, c -> {
            String input = ": input is null (expected a tensor)";
            String gradient = " backward got gradient null, expected " + Arrays.toString(c.gradOutput.shape());
            assertRejected(() -> c.layer.forward(null), " forward" + input);
            assertRejected(() -> c.layer.forwardRows(null, 0, 1), " forwardRows" + input);
            assertRejected(() -> c.layer.forwardRows(null, new int[] {0}), " forwardRows" + input);
            c.layer.forward(c.input);
            assertRejected(() -> c.layer.backward(null), gradient);
            assertRejected(() -> c.layer.backwardToParameters(null), gradient);
        });
    }

    private static void assertRejected(Runnable call, String tail) {
        String m = assertThrows(IllegalArgumentException.class, call::run).getMessage();
        assertTrue(m.endsWith(tail), m);
    }

    /**
     * A read-only input (the lesson's data are) and gradient give the same passes: a layer only
     * reads them. Up to rounding: a product may read a read-only matrix compressed (its sums in
     * another order).
     */
    @Test
    default void aReadOnlyInputGivesTheSamePasses() {
        forAll("aReadOnlyInputGivesTheSamePasses", TRIES, seed("aReadOnlyInputGivesTheSamePasses"), this::newCase, c -> {
            Tensor output = c.layer.forward(c.input).copy();
            Tensor gradInput = c.layer.backward(c.gradOutput).copy();
            Tensor readOnly = c.input.copy().readOnly();
            assertTrue(output.allClose(c.layer.forward(readOnly), 1e-12, 1e-12), "forward of the read-only input");
            assertTrue(gradInput.allClose(c.layer.backward(c.gradOutput.copy().readOnly()), 1e-12, 1e-12),
                    "backward of a read-only gradient after it");
        });
    }

    @Test
    default void passesDoNotModifyTheirArguments() {
        forAll("passesDoNotModifyTheirArguments", TRIES, seed("passesDoNotModifyTheirArguments"), this::newCase, c -> {
            Tensor input = c.input.copy();
            Tensor grad = c.gradOutput.copy();
            c.layer.forward(c.input);
            c.layer.backward(c.gradOutput);
            assertEquals(input, c.input, "forward or backward modified the input");
            assertEquals(grad, c.gradOutput, "backward modified its gradient argument");
        });
    }

    @Test
    default void gradientsAccumulate() {
        forAll("gradientsAccumulate", TRIES, seed("gradientsAccumulate"), this::newCase, c -> {
            c.layer.zeroGrad();
            c.layer.forward(c.input);
            Tensor dx1 = c.layer.backward(c.gradOutput).copy();
            List<Tensor> once = new ArrayList<>();
            for (Parameter p : c.layer.parameters()) {
                once.add(p.grad().copy());
            }
            Tensor dx2 = c.layer.backward(c.gradOutput);
            assertEquals(dx1, dx2, "the input gradient must not depend on earlier backward calls");
            for (int i = 0; i < once.size(); i++) {
                Parameter p = c.layer.parameters().get(i);
                Tensor twice = once.get(i).mul(2);
                assertTrue(p.grad().allClose(twice, 1e-12, 1e-14),
                        p.name() + ": two backward calls should give twice the gradient\n" + p.grad() + "\nvs\n" + twice);
            }
            c.layer.zeroGrad();
            for (Parameter p : c.layer.parameters()) {
                assertEquals(Tensor.zeros(p.value().shape()), p.grad(), p.name() + " after zeroGrad");
            }
        });
    }

    @Test
    default void backwardToParametersGivesTheSameParameterGradients() {
        forAll("backwardToParametersGivesTheSameParameterGradients", TRIES,
                seed("backwardToParametersGivesTheSameParameterGradients"), this::newCase, c -> {
                    c.layer.zeroGrad();
                    c.layer.forward(c.input);
                    c.layer.backward(c.gradOutput);
                    List<Tensor> full = new ArrayList<>();
                    for (Parameter p : c.layer.parameters()) {
                        full.add(p.grad().copy());
                    }
                    c.layer.zeroGrad();
                    c.layer.forward(c.input);
                    c.layer.backwardToParameters(c.gradOutput);
                    for (int i = 0; i < full.size(); i++) {
                        Parameter p = c.layer.parameters().get(i);
                        assertEquals(full.get(i), p.grad(), p.name() + ": backwardToParameters vs backward");
                    }
                });
    }

    /**
     * {@code forwardRows} on a window of a taller batch (random rows above and below it) gives
     * the bits of {@code forward} on those rows copied out, and {@code backward} and
     * {@code backwardToParameters} after it give the same gradients.
     */
    @Test
    default void forwardRowsEqualsForwardOnTheRowsCopied() {
        forAll("forwardRowsEqualsForwardOnTheRowsCopied", TRIES, seed("forwardRowsEqualsForwardOnTheRowsCopied"),
                this::newCase, c -> {
                    RandomState random = new RandomState(c.batch() * 31L + c.features());
                    int above = intBetween(random, 0, 3);
                    int below = intBetween(random, 0, 3);
                    Tensor taller = input(random, above + c.batch() + below, c.features());
                    System.arraycopy(c.input.data(), 0, taller.data(), above * c.features(), c.input.size());
                    int to = above + c.batch();

                    assertPassesAsOnTheRows(c, () -> c.layer.forwardRows(taller, above, to),
                            "forwardRows of rows [" + above + ", " + to + ")");
                });
    }

    /**
     * {@code forwardRows} of rows picked by index (the batch's rows scattered, in a random order,
     * among random rows of a taller tensor) gives the bits of {@code forward} on the batch, and
     * {@code backward} and {@code backwardToParameters} after it give the same gradients. An
     * index outside the tensor is reported.
     */
    @Test
    default void forwardRowsByIndexEqualsForwardOnTheRowsGathered() {
        forAll("forwardRowsByIndexEqualsForwardOnTheRowsGathered", TRIES,
                seed("forwardRowsByIndexEqualsForwardOnTheRowsGathered"), this::newCase, c -> {
                    RandomState random = new RandomState(c.batch() * 37L + c.features());
                    int sourceRows = 2 * c.batch() + intBetween(random, 0, 3);
                    Tensor source = input(random, sourceRows, c.features());
                    int[] rows = Arrays.copyOf(random.permutation(sourceRows), c.batch());
                    for (int i = 0; i < rows.length; i++) {
                        System.arraycopy(c.input.data(), i * c.features(), source.data(), rows[i] * c.features(),
                                c.features());
                    }
                    assertPassesAsOnTheRows(c, () -> c.layer.forwardRows(source, rows),
                            "forwardRows of rows " + Arrays.toString(rows));
                    int[] outside = rows.clone();
                    outside[outside.length - 1] = sourceRows;
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> c.layer.forwardRows(source, outside));
                    assertTrue(e.getMessage().contains("row index " + sourceRows + " at position " + (rows.length - 1)),
                            e.getMessage());
                });
    }

    /**
     * {@code forwardOfTheRows}, a forward pass that reads the case's batch from elsewhere, gives
     * the bits of {@code forward} on the batch, and {@code backward} and
     * {@code backwardToParameters} after it give the same gradients.
     */
    private static void assertPassesAsOnTheRows(Case c, java.util.function.Supplier<Tensor> forwardOfTheRows,
                                                String what) {
        c.layer.zeroGrad();
        Tensor y = c.layer.forward(c.input).copy();
        Tensor dx = c.layer.backward(c.gradOutput).copy();
        List<Tensor> grads = new ArrayList<>();
        for (Parameter p : c.layer.parameters()) {
            grads.add(p.grad().copy());
        }
        c.layer.zeroGrad();
        assertEquals(y, forwardOfTheRows.get(), what);
        assertEquals(dx, c.layer.backward(c.gradOutput), "backward after " + what);
        c.layer.zeroGrad();
        forwardOfTheRows.get();
        c.layer.backwardToParameters(c.gradOutput);
        for (int i = 0; i < grads.size(); i++) {
            Parameter p = c.layer.parameters().get(i);
            assertEquals(grads.get(i), p.grad(), p.name() + ": backwardToParameters after " + what);
        }
    }

    /**
     * A replica computes the same passes with the same parameter values, accumulates into
     * gradients of its own, and sees the original's parameter updates.
     */
    @Test
    default void replicaSharesValuesAndKeepsItsOwnGradients() {
        forAll("replicaSharesValuesAndKeepsItsOwnGradients", TRIES,
                seed("replicaSharesValuesAndKeepsItsOwnGradients"), this::newCase, c -> {
                    Layer replica = c.layer.replica().orElseThrow(() -> new AssertionError(c.layer + " has no replica"));
                    List<Parameter> own = replica.parameters();
                    List<Parameter> originals = c.layer.parameters();
                    assertEquals(originals.size(), own.size(), "parameter count");
                    c.layer.zeroGrad();
                    Tensor y = c.layer.forward(c.input).copy();
                    Tensor dx = c.layer.backward(c.gradOutput).copy();
                    assertEquals(y, replica.forward(c.input), "replica forward");
                    assertEquals(dx, replica.backward(c.gradOutput), "replica backward");
                    for (int i = 0; i < own.size(); i++) {
                        assertTrue(own.get(i).value() == originals.get(i).value(), "value of " + own.get(i) + " is shared");
                        assertEquals(originals.get(i).grad(), own.get(i).grad(), "replica gradient of " + own.get(i));
                    }
                    List<Tensor> before = new ArrayList<>();
                    for (Parameter p : originals) {
                        before.add(p.grad().copy());
                    }
                    replica.zeroGrad();
                    for (int i = 0; i < originals.size(); i++) {
                        assertEquals(before.get(i), originals.get(i).grad(), "replica.zeroGrad left the original's gradient");
                        originals.get(i).value().addInPlace(1.0);   // an update of the original ...
                    }
                    if (!originals.isEmpty()) {
                        assertEquals(c.layer.forward(c.input), replica.forward(c.input), "... shows in the replica");
                    }
                });
    }

    /**
     * A replica's results are right block after block, whatever tensors it reuses: blocks of
     * two sizes in turn (a lane's full blocks and its shorter last one) and a third, each a
     * forward then a backward, give the bits of the layer's own passes, and the replica's
     * gradients add up as the layer's do. What the layer itself returned stays as it was.
     */
    @Test
    default void replicaGivesTheLayersResultsBlockAfterBlock() {
        forAll("replicaGivesTheLayersResultsBlockAfterBlock", TRIES,
                seed("replicaGivesTheLayersResultsBlockAfterBlock"), this::newCase, c -> {
                    Layer replica = c.layer.replica().orElseThrow(() -> new AssertionError(c.layer + " has no replica"));
                    int b = c.batch();
                    int[] sizes = {b, Math.max(1, b - 1), b, Math.max(1, b - 1), 1, b};
                    List<Tensor> returned = new ArrayList<>();
                    List<Tensor> copies = new ArrayList<>();
                    c.layer.zeroGrad();
                    replica.zeroGrad();
                    for (int i = 0; i < sizes.length; i++) {
                        Tensor x = c.input.sliceRows(0, sizes[i]).mulInPlace(1 + 0.25 * i);
                        Tensor g = c.gradOutput.sliceRows(0, sizes[i]).mulInPlace(1 - 0.125 * i);
                        Tensor y = c.layer.forward(x);
                        Tensor dx = c.layer.backward(g);
                        returned.add(y);
                        returned.add(dx);
                        copies.add(y.copy());
                        copies.add(dx.copy());
                        assertEquals(y, replica.forward(x), "replica forward of block " + i + " (" + sizes[i] + " rows)");
                        assertEquals(dx, replica.backward(g), "replica backward of block " + i + " (" + sizes[i] + " rows)");
                    }
                    for (int i = 0; i < returned.size(); i++) {
                        assertEquals(copies.get(i), returned.get(i), "the layer's result " + i + " changed later");
                    }
                    for (int i = 0; i < c.layer.parameters().size(); i++) {
                        assertEquals(c.layer.parameters().get(i).grad(), replica.parameters().get(i).grad(),
                                "replica gradient of " + c.layer.parameters().get(i));
                    }
                });
    }
}
