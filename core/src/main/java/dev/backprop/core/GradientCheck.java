package dev.backprop.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Verifies analytic gradients against central finite differences in float64, like PyTorch's
 * {@code torch.autograd.gradcheck}.
 *
 * <p>For a layer (or a whole model) it builds the scalar {@code f(x) = sum(forward(x) * w)}
 * with fixed random weights {@code w}, runs {@code backward(w)} once, and compares the
 * returned input gradient and every parameter gradient with
 * {@code (f(theta + eps) - f(theta - eps)) / (2 eps)}, element by element. An element passes
 * when
 * <pre>  |analytic - numeric| &lt;= atol + rtol * |numeric|</pre>
 * The first failing element throws a {@link GradientCheckException} naming the tensor, the
 * index and both values.
 *
 * <p>How an extender verifies a new layer:
 * <pre>{@code
 *   Layer mine = new Softplus();
 *   Tensor x = new RandomState(0).randn(4, 3);
 *   GradientCheck.check(mine, x);            // throws if any gradient is wrong
 * }</pre>
 * A layer with kinks (ReLU) must be checked at inputs away from them.
 */
public final class GradientCheck {

    /** PyTorch's gradcheck defaults. */
    public static final double DEFAULT_EPS = 1e-6;
    public static final double DEFAULT_RTOL = 1e-3;
    public static final double DEFAULT_ATOL = 1e-5;

    private final double eps;
    private final double rtol;
    private final double atol;

    private GradientCheck(double eps, double rtol, double atol) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("Invalid eps: " + eps + " (must be > 0)");
        }
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("Invalid tolerance: rtol " + rtol + ", atol " + atol + " (must be >= 0)");
        }
        this.eps = eps;
        this.rtol = rtol;
        this.atol = atol;
    }

    /** A checker with its own step and tolerances. */
    public static GradientCheck with(double eps, double rtol, double atol) {
        return new GradientCheck(eps, rtol, atol);
    }

    /** Checks {@code layer} at {@code input} with the default step and tolerances. */
    public static double check(Layer layer, Tensor input) {
        return with(DEFAULT_EPS, DEFAULT_RTOL, DEFAULT_ATOL).verify(layer, input);
    }

    /** Checks {@code loss}'s gradient with respect to the prediction, with the defaults. */
    public static double check(Loss loss, Tensor prediction, Tensor target) {
        return with(DEFAULT_EPS, DEFAULT_RTOL, DEFAULT_ATOL).verify(loss, prediction, target);
    }

    /**
     * Checks the input gradient and every parameter gradient of {@code layer} at {@code input}.
     * Parameter values and gradients are restored afterwards, also when the check fails, so it
     * can run between two accumulation steps without losing the gradients accumulated so far.
     *
     * @return the largest |analytic - numeric| seen
     */
    public double verify(Layer layer, Tensor input) {
        List<Parameter> parameters = layer.parameters();
        List<Tensor> savedGrads = new ArrayList<>();
        for (Parameter p : parameters) {
            savedGrads.add(p.grad().copy());
        }
        try {
            Tensor x = input.copy();
            Tensor out = layer.forward(x);
            Tensor w = new RandomState(42).normal(0.0, 1.0, out.shape());
            layer.zeroGrad();
            layer.forward(x);
            Tensor gradInput = layer.backward(w.copy());
            Tensor.requireSameShape("GradientCheck: backward returned a gradient unlike the input", x, gradInput);

            double worst = compare("input", gradInput, x, () -> dot(layer.forward(x), w));
            for (Parameter p : parameters) {
                Tensor analytic = p.grad().copy();
                worst = Math.max(worst, compare(p.name(), analytic, p.value(), () -> dot(layer.forward(x), w)));
            }
            return worst;
        } finally {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).grad().copyFrom(savedGrads.get(i));
            }
        }
    }

    /**
     * Checks {@code loss.gradient(prediction, target)} against differences of
     * {@code loss.value}.
     *
     * @return the largest |analytic - numeric| seen
     */
    public double verify(Loss loss, Tensor prediction, Tensor target) {
        Tensor p = prediction.copy();
        Tensor analytic = loss.gradient(p, target);
        Tensor.requireSameShape("GradientCheck: loss gradient unlike the prediction", p, analytic);
        return compare("prediction", analytic, p, () -> loss.value(p, target));
    }

    /** Perturbs each element of {@code wrt} in place, compares, restores it. */
    private double compare(String name, Tensor analytic, Tensor wrt, java.util.function.DoubleSupplier f) {
        double[] v = wrt.data();
        double[] a = analytic.values();
        double worst = 0;
        for (int i = 0; i < v.length; i++) {
            double saved = v[i];
            v[i] = saved + eps;
            double plus = f.getAsDouble();
            v[i] = saved - eps;
            double minus = f.getAsDouble();
            v[i] = saved;
            double numeric = (plus - minus) / (2 * eps);
            double diff = Math.abs(a[i] - numeric);
            if (!(diff <= atol + rtol * Math.abs(numeric))) {
                throw new GradientCheckException(String.format(Locale.ROOT,
                        "Gradient check failed for '%s' at index %s: analytic %.10g, numeric %.10g "
                                + "(|diff| %.3g > atol %.1g + rtol %.1g * |numeric|)",
                        name, Arrays.toString(unravel(i, wrt.shape())), a[i], numeric, diff, atol, rtol));
            }
            worst = Math.max(worst, diff);
        }
        return worst;
    }

    private static double dot(Tensor a, Tensor b) {
        double[] x = a.values();
        double[] y = b.values();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    @Override
    public String toString() {
        return "GradientCheck(eps=" + eps + ", rtol=" + rtol + ", atol=" + atol + ")";
    }

    /** A gradient that disagrees with its finite-difference estimate. */
    public static final class GradientCheckException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GradientCheckException(String message) {
            super(message);
        }
    }
}
