package dev.backprop.core;

/**
 * numpy's legacy {@code numpy.random.RandomState}: the MT19937 Mersenne Twister with numpy's
 * seeding and its legacy conversions, bit for bit. The same seed and the same calls give the
 * same numbers as numpy, so a lesson written with {@code np.random.seed(0)} can be reproduced
 * exactly. One exception: the normals ({@link #nextGaussian}) take a logarithm, which numpy gets
 * from the C library and this class from {@link Math#log}; the two round differently in about 3
 * of 10,000 calls, and each such call leaves a pair of normals 1 ulp from numpy's.
 * {@code Math.log} was correctly rounded in all but 3 of 300,000 of these calls, so the
 * difference is the C library's rounding (glibc 2.36 here): numpy's own normals depend on it.
 *
 * <p>It is the only source of randomness in backprop: every random choice takes a
 * {@code RandomState} argument; there is no hidden global generator. Not thread-safe: give each
 * thread its own.
 */
public final class RandomState {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /** A generator seeded like {@code np.random.seed(seed)}. */
    public RandomState(long seed) {
        seed(seed);
    }

    /**
     * Re-seeds like {@code np.random.seed(seed)}; the seed must be in {@code [0, 2^32 - 1]},
     * as numpy requires.
     */
    public void seed(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("Invalid seed: " + seed + " (must be in [0, 4294967295])");
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            mt[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
        hasGauss = false;
        gauss = 0.0;
    }

    /** The next raw 32-bit output, as an unsigned value in a {@code long}. */
    public long nextUint32() {
        return Integer.toUnsignedLong(nextInt32());
    }

    private int nextInt32() {
        if (pos >= N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        int kk;
        for (kk = 0; kk < N - M; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        for (; kk < N - 1; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        pos = 0;
    }

    /** One uniform double in [0, 1) with 53 random bits: {@code np.random.rand()}. */
    public double nextDouble() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * One standard normal value by numpy's legacy polar method: each pair of uniforms gives two
     * normals, the second kept for the next call.
     */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            double g = gauss;
            gauss = 0.0;
            return g;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code np.random.rand(*shape)}: uniform in [0, 1), filled row-major. */
    public Tensor rand(int... shape) {
        Tensor t = Tensor.zeros(shape);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = nextDouble();
        }
        return t;
    }

    /** {@code np.random.randn(*shape)}: standard normal, filled row-major. */
    public Tensor randn(int... shape) {
        return normal(0.0, 1.0, shape);
    }

    /** {@code np.random.normal(mean, std, shape)}: {@code mean + std * randn}. */
    public Tensor normal(double mean, double std, int... shape) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("Invalid std: " + std + " (must be finite and >= 0)");
        }
        Tensor t = Tensor.zeros(shape);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = mean + std * nextGaussian();
        }
        return t;
    }

    /** {@code np.random.uniform(low, high, shape)}: {@code low + (high - low) * rand}. */
    public Tensor uniform(double low, double high, int... shape) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("Invalid uniform bounds: [" + low + ", " + high
                    + ") (must be finite)");
        }
        Tensor t = Tensor.zeros(shape);
        double[] d = t.data();
        double range = high - low;
        for (int i = 0; i < d.length; i++) {
            d[i] = low + range * nextDouble();
        }
        return t;
    }

    /** One integer in {@code [low, high)}, as {@code np.random.randint(low, high)}. */
    public long randint(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("Invalid randint range: [" + low + ", " + high
                    + ") (high must be > low)");
        }
        long rng = high - 1 - low;
        if (rng == 0) {
            return low;
        }
        long mask = mask(rng);
        // unsigned: a range wider than 2^63 (e.g. [-2, Long.MAX_VALUE)) wraps rng below zero
        if (Long.compareUnsigned(rng, 0xffffffffL) <= 0) {
            long v;
            do {
                v = nextUint32() & mask;
            } while (v > rng);
            return low + v;
        }
        long v;
        do {
            v = nextUint64() & mask;
        } while (Long.compareUnsigned(v, rng) > 0);
        return low + v;
    }

    /** {@code np.random.randint(low, high, count)} for int ranges. */
    public int[] randint(int low, int high, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("Invalid count: " + count + " (must be >= 0)");
        }
        if (high <= low) {
            throw new IllegalArgumentException("Invalid randint range: [" + low + ", " + high
                    + ") (high must be > low)");
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) randint(low, (long) high);
        }
        return out;
    }

    /** {@code np.random.permutation(n)}: the numbers {@code 0..n-1} shuffled. */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Invalid permutation length: " + n + " (must be >= 0)");
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** {@code np.random.shuffle(x)} in place (Fisher-Yates from the end, as numpy). */
    public void shuffle(int[] x) {
        for (int i = x.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }

    /**
     * {@code np.random.shuffle(x)} of a tensor: shuffles its rows (the first axis) in place,
     * consuming the same numbers as shuffling an index array of that length.
     */
    public void shuffle(Tensor x) {
        int n = x.dim(0);
        int stride = x.size() / Math.max(1, n);
        double[] d = x.data();
        double[] tmp = new double[stride];
        for (int i = n - 1; i > 0; i--) {
            int j = (int) interval(i);
            if (j != i) {
                System.arraycopy(d, i * stride, tmp, 0, stride);
                System.arraycopy(d, j * stride, d, i * stride, stride);
                System.arraycopy(tmp, 0, d, j * stride, stride);
            }
        }
    }

    /** numpy's {@code random_interval}: uniform in {@code [0, max]} by masked rejection. */
    private long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = mask(max);
        long v;
        if (max <= 0xffffffffL) {
            do {
                v = nextUint32() & mask;
            } while (v > max);
        } else {
            do {
                v = nextUint64() & mask;
            } while (v > max);
        }
        return v;
    }

    private long nextUint64() {
        return (nextUint32() << 32) | nextUint32();
    }

    /** The smallest all-ones bit mask covering {@code max}. */
    private static long mask(long max) {
        long m = max;
        m |= m >>> 1;
        m |= m >>> 2;
        m |= m >>> 4;
        m |= m >>> 8;
        m |= m >>> 16;
        m |= m >>> 32;
        return m;
    }

    @Override
    public String toString() {
        return "RandomState(MT19937, position " + pos + (hasGauss ? ", cached gaussian" : "") + ")";
    }
}
