package dev.backprop.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backprop.core.Parameter;
import dev.backprop.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The first step's size, as Adagrad's class comment states it: with eps inside the square root
 * it is {@code lr / sqrt(1 + eps / g^2)}, about lr only for |g| well above sqrt(eps) (1e-4 here).
 */
class AdagradFirstStepTest {

    private static final double LR = 0.5;
    private static final double EPS = 1e-8;

    /** How far one Adagrad step from zero moves a coordinate whose gradient is {@code g}. */
    private static double firstStep(double g) {
        Parameter p = new Parameter("w", Tensor.zeros(1));
        p.grad().fill(g);
        new Adagrad(List.of(p), LR, EPS).step();
        return -p.value().get(0);
    }

    @Test
    void aboutLrOnlyForGradientsWellAboveTheSquareRootOfEps() {
        assertEquals(LR, firstStep(1), LR * 1e-8);
        assertEquals(LR, firstStep(1e-3), LR * 0.005, "within 0.5 % from |g| = 10 sqrt(eps)");
        assertEquals(LR / Math.sqrt(2), firstStep(1e-4), LR * 1e-12, "lr / sqrt(2) at |g| = sqrt(eps)");
        assertEquals(LR * 1e-6 / 1e-4, firstStep(1e-6), LR * 1e-6, "about lr |g| / sqrt(eps) below it");
        assertEquals(-LR * 0.01, firstStep(-1e-6), LR * 1e-6, "the sign is the gradient's");
    }

    /** Where PyTorch's {@code lr * g / (sqrt(G) + eps)} would still move the coordinate by about lr. */
    @Test
    void differsFromPyTorchsFormulaForSmallGradients() {
        double g = 1e-6;
        double pytorch = LR * g / (Math.sqrt(g * g) + EPS);
        assertEquals(LR, pytorch, LR * 0.01);
        assertEquals(LR * 0.01, firstStep(g), LR * 1e-6);
    }
}
