package dev.backprop.optimizers;

import static dev.backprop.core.PropertyCheck.awayFromZero;
import static dev.backprop.core.PropertyCheck.doubleBetween;
import static dev.backprop.core.PropertyCheck.forAll;
import static dev.backprop.core.PropertyCheck.intBetween;
import static dev.backprop.core.PropertyCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.core.Optimizer;
import dev.backprop.core.Parameter;
import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Properties every optimizer must have, over random small parameters and gradients, run on
 * {@link dev.backprop.core.PropertyCheck} (seeded: every run checks the same cases, a failure
 * names the seed of its case).
 */
class OptimizerPropertiesTest {

    /** A parameter vector, a gradient of the same length, and a learning rate. */
    record Point(double[] theta, double[] grad, double lr) {
        @Override
        public String toString() {
            return "theta=" + Arrays.toString(theta) + ", grad=" + Arrays.toString(grad) + ", lr=" + lr;
        }
    }

    private static Point point(RandomState r, double minLr, double maxLr) {
        int n = intBetween(r, 1, 8);
        return new Point(uniform(r, -10, 10, n).data(), uniform(r, -10, 10, n).data(), doubleBetween(r, minLr, maxLr));
    }

    private static Point pointWithGradientsAwayFromZero(RandomState r) {
        int n = intBetween(r, 1, 8);
        return new Point(uniform(r, -10, 10, n).data(), awayFromZero(r, 1e-3, 10, n).data(), doubleBetween(r, 1e-4, 1));
    }

    private static Parameter parameter(double[] theta, double[] grad) {
        Parameter p = new Parameter("theta", Tensor.vector(theta.clone()));
        System.arraycopy(grad, 0, p.grad().data(), 0, grad.length);
        return p;
    }

    @Test
    void sgdWithLearningRateZeroChangesNothing() {
        forAll("SGD with lr 0 changes nothing", 1000, 100L, r -> point(r, 0, 0), point -> {
            Parameter p = parameter(point.theta(), point.grad());
            SGD sgd = new SGD(List.of(p), 0.0);
            for (int i = 0; i < 5; i++) {
                sgd.step();
            }
            for (int i = 0; i < point.theta().length; i++) {
                assertEquals(point.theta()[i], p.value().get(i), 0.0, "coordinate " + i);
            }
        });
    }

    @Test
    void momentumWithGammaZeroIsSgd() {
        forAll("Momentum with gamma 0 is SGD, bit for bit", 1000, 200L, r -> point(r, 0, 2), point -> {
            Parameter a = parameter(point.theta(), point.grad());
            Parameter b = parameter(point.theta(), point.grad());
            Momentum momentum = new Momentum(List.of(a), point.lr(), 0.0);
            SGD sgd = new SGD(List.of(b), point.lr());
            for (int step = 0; step < 4; step++) {
                // a gradient that depends on the position, so that the steps differ
                for (Parameter p : List.of(a, b)) {
                    double[] theta = p.value().data();
                    double[] g = p.grad().data();
                    for (int i = 0; i < g.length; i++) {
                        g[i] = point.grad()[i] + 0.5 * theta[i];
                    }
                }
                momentum.step();
                sgd.step();
                assertTrue(Arrays.equals(b.value().data(), a.value().data()),
                        "step " + (step + 1) + ": " + a.value() + " vs " + b.value());
            }
        });
    }

    @Test
    void adamsFirstStepMovesEachCoordinateByAboutTheLearningRate() {
        forAll("Adam's first step moves each coordinate by lr against the gradient", 1000, 300L,
                OptimizerPropertiesTest::pointWithGradientsAwayFromZero, point -> {
                    Parameter p = parameter(point.theta(), point.grad());
                    new Adam(List.of(p), point.lr(), 0.9, 0.999, 1e-8).step();
                    for (int i = 0; i < point.theta().length; i++) {
                        double move = p.value().get(i) - point.theta()[i];
                        assertEquals(-Math.signum(point.grad()[i]) * point.lr(), move, 1e-4 * point.lr(),
                                "coordinate " + i);
                    }
                });
    }

    // ---------------------------------------------------------------- convex quadratic

    /** {@code L(theta) = 0.5 (theta - c)^T A (theta - c)} with A symmetric positive definite. */
    record Quadratic(double[][] a, double[] center, double[] start) {

        double value(double[] theta) {
            double s = 0;
            for (int i = 0; i < theta.length; i++) {
                for (int j = 0; j < theta.length; j++) {
                    s += (theta[i] - center[i]) * a[i][j] * (theta[j] - center[j]);
                }
            }
            return 0.5 * s;
        }

        void writeGradient(Parameter p) {
            double[] theta = p.value().data();
            double[] g = p.grad().data();
            for (int i = 0; i < theta.length; i++) {
                double s = 0;
                for (int j = 0; j < theta.length; j++) {
                    s += a[i][j] * (theta[j] - center[j]);
                }
                g[i] = s;
            }
        }

        /** An upper bound of the largest eigenvalue: the trace of A. */
        double curvatureBound() {
            double t = 0;
            for (int i = 0; i < a.length; i++) {
                t += a[i][i];
            }
            return t;
        }

        @Override
        public String toString() {
            return "A=" + Arrays.deepToString(a) + ", center=" + Arrays.toString(center) + ", start="
                    + Arrays.toString(start);
        }
    }

    /**
     * A = M^T M / n + 0.1 I with M's entries in [-1, 1); the start lies at least 0.5 from the
     * minimum in every coordinate, so there is something to decrease.
     */
    private static Quadratic quadratic(RandomState r) {
        int n = intBetween(r, 1, 6);
        double[] m = uniform(r, -1, 1, n * n).data();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += m[k * n + i] * m[k * n + j];
                }
                a[i][j] = s / n + (i == j ? 0.1 : 0.0);
            }
        }
        double[] center = uniform(r, -3, 3, n).data();
        double[] offset = awayFromZero(r, 0.5, 2, n).data();
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = center[i] + offset[i];
        }
        return new Quadratic(a, center, start);
    }

    /** Each optimizer with settings scaled to the quadratic's curvature where its rule needs it. */
    private static List<Function<Parameter, Optimizer>> optimizers(Quadratic q) {
        double l = q.curvatureBound();
        List<Function<Parameter, Optimizer>> all = new ArrayList<>();
        all.add(p -> new SGD(List.of(p), 1.0 / l));
        all.add(p -> new Momentum(List.of(p), 0.2 / l, 0.9));
        all.add(p -> new Adagrad(List.of(p), 0.5, 1e-8));
        all.add(p -> new RMSProp(List.of(p), 0.01, 0.9, 1e-8));
        all.add(p -> new Adam(List.of(p), 0.05, 0.9, 0.999, 1e-8));
        return all;
    }

    @Test
    void everyOptimizerDecreasesAConvexQuadraticOver50Steps() {
        forAll("every optimizer decreases a convex quadratic over 50 steps", 500, 400L,
                OptimizerPropertiesTest::quadratic, q -> {
                    double initial = q.value(q.start());
                    for (Function<Parameter, Optimizer> factory : optimizers(q)) {
                        Parameter p = new Parameter("theta", Tensor.vector(q.start().clone()));
                        Optimizer optimizer = factory.apply(p);
                        run(optimizer, q, p, 50);
                        double last = q.value(p.value().data());
                        assertTrue(last < initial, optimizer + ": loss " + initial + " -> " + last);
                    }
                });
    }

    /** A quadratic and where to cut the run: {@code before} steps, export, {@code after} more. */
    record Resume(Quadratic q, int before, int after) {
    }

    @Test
    void restoringExportedStateContinuesBitIdentically() {
        forAll("exporting the state mid-run and restoring it into a fresh optimizer continues bit-identically",
                300, 500L, r -> new Resume(quadratic(r), intBetween(r, 0, 10), intBetween(r, 1, 10)), c -> {
                    for (Function<Parameter, Optimizer> factory : optimizers(c.q())) {
                        Parameter original = new Parameter("theta", Tensor.vector(c.q().start().clone()));
                        Optimizer running = factory.apply(original);
                        run(running, c.q(), original, c.before());

                        Parameter copy = new Parameter("theta", original.value().copy());
                        Optimizer restored = factory.apply(copy);
                        restored.loadState(running.state());

                        run(running, c.q(), original, c.after());
                        run(restored, c.q(), copy, c.after());
                        assertTrue(Arrays.equals(original.value().data(), copy.value().data()),
                                running + ": " + original.value() + " vs " + copy.value());
                        assertEquals(running.state(), restored.state());
                    }
                });
    }

    private static void run(Optimizer optimizer, Quadratic q, Parameter p, int steps) {
        for (int step = 0; step < steps; step++) {
            optimizer.zeroGrad();
            q.writeGradient(p);
            optimizer.step();
        }
    }
}
