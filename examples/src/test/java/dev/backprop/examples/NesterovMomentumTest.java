package dev.backprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.core.Optimizer;
import dev.backprop.core.Parameter;
import dev.backprop.core.Tensor;
import dev.backprop.optimizers.Momentum;
import dev.backprop.optimizers.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optimizer recipe: fixed steps, its relation to SGD, Momentum and PyTorch's form, the base-class services. */
class NesterovMomentumTest {

    /** L = 0.5 sum_i a_i theta_i^2 with a = (1, 10, 100): gradient a_i theta_i. */
    private static final double[] CURVATURE = {1, 10, 100};

    private static void writeGradient(Parameter p) {
        double[] theta = p.value().data();
        for (int i = 0; i < theta.length; i++) {
            p.grad().data()[i] = CURVATURE[i] * theta[i];
        }
    }

    private static double loss(Parameter p) {
        double s = 0;
        for (int i = 0; i < CURVATURE.length; i++) {
            s += 0.5 * CURVATURE[i] * p.value().get(i) * p.value().get(i);
        }
        return s;
    }

    private static void run(Optimizer optimizer, Parameter p, int steps) {
        for (int i = 0; i < steps; i++) {
            optimizer.zeroGrad();
            writeGradient(p);
            optimizer.step();
        }
    }

    @Test
    void twoStepsByHand() {
        // L = 0.5 theta^2, theta0 = 1, lr = 0.1, gamma = 0.9
        Parameter p = new Parameter("theta", Tensor.vector(1.0));
        NesterovMomentum nesterov = new NesterovMomentum(List.of(p), 0.1, 0.9);
        p.grad().fill(1.0);
        nesterov.step();
        // v = -0.1; theta = 1 + 0.9 * -0.1 - 0.1 = 0.81
        assertEquals(0.81, p.value().item(), 1e-15);
        p.grad().fill(0.81);
        nesterov.step();
        // v = 0.9 * -0.1 - 0.081 = -0.171; theta = 0.81 + 0.9 * -0.171 - 0.081 = 0.5751
        assertEquals(0.5751, p.value().item(), 1e-15);
        assertEquals(-0.171, nesterov.state().get("0.theta.velocity").item(), 1e-15);
    }

    @Test
    void matchesPyTorchsNesterovFormulation() {
        // torch.optim.SGD(momentum=mu, nesterov=True): b = mu b + g; theta -= lr (g + mu b)
        double lr = 0.005;
        double mu = 0.8;
        Parameter p = new Parameter("theta", Tensor.vector(1.0, -2.0, 0.5));
        NesterovMomentum nesterov = new NesterovMomentum(List.of(p), lr, mu);
        double[] theta = {1.0, -2.0, 0.5};
        double[] b = new double[3];
        for (int step = 0; step < 20; step++) {
            run(nesterov, p, 1);
            for (int i = 0; i < 3; i++) {
                double g = CURVATURE[i] * theta[i];
                b[i] = mu * b[i] + g;
                theta[i] -= lr * (g + mu * b[i]);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(theta[i], p.value().get(i), 1e-13, "step " + (step + 1) + " coordinate " + i);
            }
        }
    }

    @Test
    void gammaZeroIsSgd() {
        Parameter a = new Parameter("theta", Tensor.vector(1.0, -2.0, 0.5));
        Parameter b = new Parameter("theta", Tensor.vector(1.0, -2.0, 0.5));
        NesterovMomentum nesterov = new NesterovMomentum(List.of(a), 0.01, 0.0);
        SGD sgd = new SGD(List.of(b), 0.01);
        for (int step = 0; step < 10; step++) {
            run(nesterov, a, 1);
            run(sgd, b, 1);
            assertEquals(b.value(), a.value(), "step " + (step + 1));
        }
    }

    @Test
    void dampsTheOscillationsOfPlainMomentumOnAnIllConditionedQuadratic() {
        Parameter a = new Parameter("theta", Tensor.vector(1.0, 1.0, 1.0));
        Parameter b = new Parameter("theta", Tensor.vector(1.0, 1.0, 1.0));
        // lr * curvature = 1 on the steep axis: inside both stable ranges
        run(new NesterovMomentum(List.of(a), 0.01, 0.9), a, 100);
        run(new Momentum(List.of(b), 0.01, 0.9), b, 100);
        assertTrue(loss(a) < 0.01 * loss(b), "Nesterov " + loss(a) + " vs Momentum " + loss(b));
    }

    @Test
    void theBaseClassProvidesStateValidationAndFrozenParameters() {
        Parameter trained = new Parameter("theta", Tensor.vector(1.0, 1.0, 1.0));
        Parameter frozen = new Parameter("frozen", Tensor.vector(3.0)).setTrainable(false);
        NesterovMomentum nesterov = new NesterovMomentum(List.of(trained, frozen), 0.01, 0.9);
        run(nesterov, trained, 3);
        assertEquals(Tensor.vector(3.0), frozen.value());
        Map<String, Tensor> state = nesterov.state();
        assertEquals(List.of("step", "0.theta.step", "0.theta.velocity"), List.copyOf(state.keySet()));

        Parameter copy = new Parameter("theta", trained.value().copy());
        NesterovMomentum restored = new NesterovMomentum(List.of(copy, new Parameter("frozen", Tensor.vector(3.0))), 0.01, 0.9);
        restored.loadState(state);
        run(nesterov, trained, 5);
        run(restored, copy, 5);
        assertEquals(trained.value(), copy.value());

        assertEquals("Invalid gamma: 1.0 (must be in [0, 1))",
                assertThrows(IllegalArgumentException.class, () -> new NesterovMomentum(List.of(trained), 0.1, 1.0)).getMessage());
        assertEquals("Invalid learning rate: -1.0 (must be finite and >= 0)",
                assertThrows(IllegalArgumentException.class, () -> new NesterovMomentum(List.of(trained), -1, 0.5)).getMessage());
        assertEquals("NesterovMomentum(lr=0.01, gamma=0.9, 2 parameters)", nesterov.toString());
    }
}
