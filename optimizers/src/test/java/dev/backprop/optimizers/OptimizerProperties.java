package dev.backprop.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.core.Optimizer;
import dev.backprop.core.Parameter;
import dev.backprop.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/** Properties every optimizer must have, over random small parameters and gradients. */
class OptimizerProperties {

    /** A parameter vector and a gradient of the same length. */
    record Point(double[] theta, double[] grad) {
    }

    @Provide
    Arbitrary<Point> points() {
        return Arbitraries.integers().between(1, 8).flatMap(n -> Combinators.combine(
                Arbitraries.doubles().between(-10, 10).ofScale(6).array(double[].class).ofSize(n),
                Arbitraries.doubles().between(-10, 10).ofScale(6).array(double[].class).ofSize(n))
                .as(Point::new));
    }

    @Provide
    Arbitrary<Point> pointsWithGradientsAwayFromZero() {
        Arbitrary<Double> magnitude = Arbitraries.doubles().between(1e-3, 10).ofScale(6);
        Arbitrary<Double> signed = Combinators.combine(magnitude, Arbitraries.of(-1.0, 1.0)).as((m, s) -> m * s);
        return Arbitraries.integers().between(1, 8).flatMap(n -> Combinators.combine(
                Arbitraries.doubles().between(-10, 10).ofScale(6).array(double[].class).ofSize(n),
                signed.array(double[].class).ofSize(n))
                .as(Point::new));
    }

    private static Parameter parameter(double[] theta, double[] grad) {
        Parameter p = new Parameter("theta", Tensor.vector(theta.clone()));
        System.arraycopy(grad, 0, p.grad().data(), 0, grad.length);
        return p;
    }

    @Property(tries = 300)
    void sgdWithLearningRateZeroChangesNothing(@ForAll("points") Point point, @ForAll @IntRange(min = 1, max = 5) int steps) {
        Parameter p = parameter(point.theta(), point.grad());
        SGD sgd = new SGD(List.of(p), 0.0);
        for (int i = 0; i < steps; i++) {
            sgd.step();
        }
        for (int i = 0; i < point.theta().length; i++) {
            assertEquals(point.theta()[i], p.value().get(i), 0.0, "coordinate " + i);
        }
    }

    @Property(tries = 300)
    void momentumWithGammaZeroIsSgd(@ForAll("points") Point point, @ForAll @DoubleRange(min = 0, max = 2) @Scale(6) double lr) {
        Parameter a = parameter(point.theta(), point.grad());
        Parameter b = parameter(point.theta(), point.grad());
        Momentum momentum = new Momentum(List.of(a), lr, 0.0);
        SGD sgd = new SGD(List.of(b), lr);
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
    }

    @Property(tries = 300)
    void adamFirstStepMovesEachCoordinateByAboutTheLearningRate(
            @ForAll("pointsWithGradientsAwayFromZero") Point point,
            @ForAll @DoubleRange(min = 1e-4, max = 1) @Scale(6) double lr) {
        Parameter p = parameter(point.theta(), point.grad());
        new Adam(List.of(p), lr, 0.9, 0.999, 1e-8).step();
        for (int i = 0; i < point.theta().length; i++) {
            double move = p.value().get(i) - point.theta()[i];
            assertEquals(-Math.signum(point.grad()[i]) * lr, move, 1e-4 * lr, "coordinate " + i);
        }
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
    }

    /**
     * A = M^T M / n + 0.1 I with M's entries in [-1, 1]; the start lies at least 0.5 from the
     * minimum in every coordinate, so there is something to decrease.
     */
    @Provide
    Arbitrary<Quadratic> quadratics() {
        return Arbitraries.integers().between(1, 6).flatMap(n -> Combinators.combine(
                Arbitraries.doubles().between(-1, 1).ofScale(6).array(double[].class).ofSize(n * n),
                Arbitraries.doubles().between(-3, 3).ofScale(6).array(double[].class).ofSize(n),
                Arbitraries.doubles().between(0.5, 2).ofScale(6).array(double[].class).ofSize(n),
                Arbitraries.of(-1.0, 1.0).array(Double[].class).ofSize(n))
                .as((m, center, distance, sign) -> {
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
                    double[] start = new double[n];
                    for (int i = 0; i < n; i++) {
                        start[i] = center[i] + sign[i] * distance[i];
                    }
                    return new Quadratic(a, center, start);
                }));
    }

    /** Each optimizer with settings scaled to the quadratic's curvature where its rule needs it. */
    static List<Function<Parameter, Optimizer>> optimizers(Quadratic q) {
        double l = q.curvatureBound();
        List<Function<Parameter, Optimizer>> all = new ArrayList<>();
        all.add(p -> new SGD(List.of(p), 1.0 / l));
        all.add(p -> new Momentum(List.of(p), 0.2 / l, 0.9));
        all.add(p -> new Adagrad(List.of(p), 0.5, 1e-8));
        all.add(p -> new RMSProp(List.of(p), 0.01, 0.9, 1e-8));
        all.add(p -> new Adam(List.of(p), 0.05, 0.9, 0.999, 1e-8));
        return all;
    }

    @Property(tries = 200)
    void everyOptimizerDecreasesAConvexQuadraticOver50Steps(@ForAll("quadratics") Quadratic q) {
        double initial = q.value(q.start());
        for (Function<Parameter, Optimizer> factory : optimizers(q)) {
            Parameter p = new Parameter("theta", Tensor.vector(q.start().clone()));
            Optimizer optimizer = factory.apply(p);
            for (int step = 0; step < 50; step++) {
                optimizer.zeroGrad();
                q.writeGradient(p);
                optimizer.step();
            }
            double last = q.value(p.value().data());
            assertTrue(last < initial, optimizer + ": loss " + initial + " -> " + last);
        }
    }

    @Property(tries = 100)
    void restoringExportedStateContinuesBitIdentically(@ForAll("quadratics") Quadratic q,
                                                       @ForAll @IntRange(min = 0, max = 10) int before,
                                                       @ForAll @IntRange(min = 1, max = 10) int after) {
        for (Function<Parameter, Optimizer> factory : optimizers(q)) {
            Parameter original = new Parameter("theta", Tensor.vector(q.start().clone()));
            Optimizer running = factory.apply(original);
            run(running, q, original, before);

            Parameter copy = new Parameter("theta", original.value().copy());
            Optimizer restored = factory.apply(copy);
            restored.loadState(running.state());

            run(running, q, original, after);
            run(restored, q, copy, after);
            assertTrue(Arrays.equals(original.value().data(), copy.value().data()),
                    running + " after " + before + " + " + after + " steps: " + original.value() + " vs " + copy.value());
            assertEquals(running.state(), restored.state());
        }
    }

    private static void run(Optimizer optimizer, Quadratic q, Parameter p, int steps) {
        for (int step = 0; step < steps; step++) {
            optimizer.zeroGrad();
            q.writeGradient(p);
            optimizer.step();
        }
    }
}
