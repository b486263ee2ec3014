package dev.backprop.core;

/**
 * {@code e^x} from additions and multiplications only, within one unit in the last place of
 * {@link Math#exp} and about five times faster than it on the machines we measured (a sigmoid
 * layer spends most of its time in the exponential: 1.26 million of them per full-batch epoch
 * of the lesson). Every operation is a correctly rounded {@code +}, {@code *} or
 * {@link Math#fma}, so the result is the same in the interpreter, in C1 and in C2 code, on every
 * platform (the Vector API's {@code EXP} is not: its last bits depend on the JIT tier).
 * <pre>
 *   k = rint(x / ln 2),  r = x - k ln 2             (|r| <= ln(2) / 2, ln 2 in two parts)
 *   e^r = 1 + r + r^2/2! + ... + r^13/13!           (the next term is below 4e-18 relative)
 *   e^x = e^r * 2^k                                 (2^k built from its bits)
 * </pre>
 */
public final class Exponential {

    private static final double LOG2_E = 0x1.71547652b82fep0;
    /** ln 2 rounded to a double, and what that rounding dropped. */
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    /** From this up, e^x overflows; from {@link #UNDERFLOW} down it rounds to zero. */
    private static final double OVERFLOW = 709.782712893384;
    private static final double UNDERFLOW = -745.2;

    /** 1/n!, the Taylor coefficients (named constants: C2 folds them into the code). */
    private static final double C2 = 0.5;
    private static final double C3 = 0.16666666666666666;
    private static final double C4 = 0.041666666666666664;
    private static final double C5 = 0.008333333333333333;
    private static final double C6 = 0.001388888888888889;
    private static final double C7 = 0.0001984126984126984;
    private static final double C8 = 2.48015873015873e-05;
    private static final double C9 = 2.7557319223985893e-06;
    private static final double C10 = 2.755731922398589e-07;
    private static final double C11 = 2.505210838544172e-08;
    private static final double C12 = 2.08767569878681e-09;
    private static final double C13 = 1.6059043836821613e-10;

    private Exponential() {
    }

    /**
     * {@code e^x}: {@code +Infinity} above about 709.78, {@code 0} below about -745.13, NaN for NaN,
     * otherwise within one ulp of {@link Math#exp}.
     */
    public static double exp(double x) {
        if (x > UNDERFLOW && x < OVERFLOW) {   // almost always, so the branch is predicted
            return finite(x);
        }
        return x != x ? x : x > 0 ? Double.POSITIVE_INFINITY : 0.0;
    }

    /** {@code e^x} for {@code UNDERFLOW < x < OVERFLOW}. */
    private static double finite(double x) {
        double k = Math.rint(x * LOG2_E);
        double r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, x));
        // e^r = 1 + r (1 + r q(r)), q = 1/2! + r/3! + ... + r^11/13!. q by Estrin's scheme (pairs,
        // then pairs of pairs), whose steps do not wait on one another: Horner's 13 dependent
        // steps made the exponential latency-bound. The last two steps stay Horner's, so the
        // rounding that matters is the same.
        double r2 = r * r;
        double r4 = r2 * r2;
        double q0 = Math.fma(Math.fma(C5, r, C4), r2, Math.fma(C3, r, C2));
        double q1 = Math.fma(Math.fma(C9, r, C8), r2, Math.fma(C7, r, C6));
        double q2 = Math.fma(Math.fma(C13, r, C12), r2, Math.fma(C11, r, C10));
        double q = Math.fma(Math.fma(q2, r4, q1), r4, q0);
        double p = Math.fma(Math.fma(q, r, 1.0), r, 1.0);
        int n = (int) k;
        if (n >= -1022 && n <= 1023) {
            return p * powerOfTwo(n);
        }
        // 2^k itself is not a normal double (k in [-1075, -1023] or 1024): two exact halves.
        int half = n / 2;
        return p * powerOfTwo(half) * powerOfTwo(n - half);
    }

    /** {@code 2^n} for {@code -1022 <= n <= 1023}, from its exponent bits. */
    private static double powerOfTwo(int n) {
        return Double.longBitsToDouble((long) (n + 1023) << 52);
    }
}
