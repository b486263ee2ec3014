package dev.backprop.core;

/**
 * Fills a tensor with starting values, drawing from an explicit {@link RandomState}, in
 * row-major order: initialising a {@code [784, 21]} weight with {@code uniform(-0.5, 0.5)} from
 * {@code new RandomState(0)} gives exactly numpy's {@code np.random.seed(0);
 * np.random.rand(784, 21) - 0.5}.
 *
 * <p>Fan-in and fan-out are read from the shape {@code [in, out]} of a weight (backprop stores
 * Dense weights that way); for a vector both are its length.
 */
@FunctionalInterface
public interface Initializer {

    /** Overwrites every element of {@code tensor}. */
    void initialize(Tensor tensor, RandomState random);

    /** U[low, high): {@code low + (high - low) * rand()}. The lesson uses U[-0.5, 0.5] and U[0, 1]. */
    static Initializer uniform(double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low <= high)) {
            throw new IllegalArgumentException("Invalid uniform bounds: [" + low + ", " + high
                    + ") (must be finite with low <= high)");
        }
        return named("uniform(" + low + ", " + high + ")", (t, r) -> {
            double[] d = t.data();
            double range = high - low;
            for (int i = 0; i < d.length; i++) {
                d[i] = low + range * r.nextDouble();
            }
        });
    }

    /** N(mean, std^2): {@code mean + std * randn()}. The lesson's N(0, 1) is {@code normal(0, 1)}. */
    static Initializer normal(double mean, double std) {
        if (!Double.isFinite(mean) || !(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("Invalid normal: mean " + mean + ", std " + std
                    + " (mean must be finite, std finite and >= 0)");
        }
        return named("normal(" + mean + ", " + std + ")", (t, r) -> {
            double[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = mean + std * r.nextGaussian();
            }
        });
    }

    /** All zeros; draws nothing from the generator. */
    static Initializer zeros() {
        return named("zeros", (t, r) -> t.fill(0.0));
    }

    /** Every element {@code value}; draws nothing from the generator. */
    static Initializer constant(double value) {
        return named("constant(" + value + ")", (t, r) -> t.fill(value));
    }

    /** Glorot and Bengio (2010): U[-a, a] with a = sqrt(6 / (fanIn + fanOut)). Good for sigmoid and tanh. */
    static Initializer xavierUniform() {
        return named("xavierUniform", (t, r) -> {
            double a = Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
            uniform(-a, a).initialize(t, r);
        });
    }

    /** He et al. (2015): N(0, 2 / fanIn). Good for ReLU. */
    static Initializer heNormal() {
        return named("heNormal", (t, r) -> normal(0.0, Math.sqrt(2.0 / fanIn(t))).initialize(t, r));
    }

    private static int fanIn(Tensor t) {
        return t.rank() == 0 ? 1 : t.dim(0);
    }

    private static int fanOut(Tensor t) {
        return t.rank() < 2 ? fanIn(t) : t.size() / t.dim(0);
    }

    /** Gives a lambda a readable {@code toString()}. */
    private static Initializer named(String name, Initializer body) {
        return new Initializer() {
            @Override
            public void initialize(Tensor tensor, RandomState random) {
                body.initialize(tensor, random);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
