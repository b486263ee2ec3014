package dev.backprop.core;

import java.util.function.Consumer;

/**
 * A small property-test runner. A property is checked on {@code tries} generated cases; case
 * {@code i} is drawn from its own {@code new RandomState(seed + i)}, so a failure message names
 * the seed that reproduces it, and every run checks the same cases (CI is deterministic).
 * There is no shrinking: generators keep cases tiny instead (batch 1..8, features 1..10), so a
 * failing case prints in full.
 *
 * <p>Generators are plain functions of a {@link RandomState}, composed by calling one another:
 * no case is ever generated and then thrown away (no filtering, no assumptions).
 *
 * <p>backprop's own property tests (the layer and loss contracts, the optimizer properties)
 * run on it, and an extender can run the same kind of test on a new layer:
 * <pre>{@code
 *   PropertyCheck.forAll("softplus gradients", 1000, 1L,
 *       r -> r.randn(PropertyCheck.intBetween(r, 1, 8), PropertyCheck.intBetween(r, 1, 10)),
 *       x -> GradientCheck.check(new Softplus(), x));
 * }</pre>
 * (It replaces jqwik, whose maintainer asks that AI coding agents, which wrote much of this
 * project, not use it.)
 */
public final class PropertyCheck {

    private PropertyCheck() {
    }

    /** Draws one value of type {@code T}. */
    @FunctionalInterface
    public interface Generator<T> {
        T generate(RandomState random);
    }

    /**
     * Checks {@code property} on {@code tries} cases from {@code generator}; the first failure is
     * rethrown as an {@link AssertionError} naming the property, the try, its seed and the case.
     */
    public static <T> void forAll(String property, int tries, long seed, Generator<T> generator, Consumer<T> check) {
        for (int i = 0; i < tries; i++) {
            long caseSeed = seed + i;
            T value = generator.generate(new RandomState(caseSeed));
            try {
                check.accept(value);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(property + " falsified at try " + (i + 1) + " of " + tries
                        + " (case seed " + caseSeed + "):\n" + value + "\n" + e, e);
            }
        }
    }

    // ------------------------------------------------------------ generators

    /** An int uniform in {@code [low, high]}, both included. */
    public static int intBetween(RandomState random, int low, int high) {
        return (int) random.randint(low, (long) high + 1);
    }

    /** A double uniform in {@code [low, high)}. */
    public static double doubleBetween(RandomState random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    public static boolean bool(RandomState random) {
        return random.randint(0, 2) == 1;
    }

    /** Values uniform in {@code [low, high)}. */
    public static Tensor uniform(RandomState random, double low, double high, int... shape) {
        return random.uniform(low, high, shape);
    }

    /**
     * Values whose magnitude is uniform in {@code [minAbs, maxAbs)} with a random sign: inputs
     * for layers with a kink at 0 (ReLU), where a finite difference across the kink is wrong.
     */
    public static Tensor awayFromZero(RandomState random, double minAbs, double maxAbs, int... shape) {
        Tensor t = random.uniform(minAbs, maxAbs, shape);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (bool(random)) {
                d[i] = -d[i];
            }
        }
        return t;
    }
}
