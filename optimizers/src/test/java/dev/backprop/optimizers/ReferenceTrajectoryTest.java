package dev.backprop.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.backprop.core.Optimizer;
import dev.backprop.core.Parameter;
import dev.backprop.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer reproduces the six-step trajectories of the reference files to 1e-12:
 * {@code optimizer-steps.json} (numpy with the lesson's rules, shared by the project) and
 * {@code rmsprop-steps.json} (written by {@code optimizer_steps.py}, which first checks that
 * it reproduces the shared file).
 */
class ReferenceTrajectoryTest {

    private static final double TOLERANCE = 1e-12;

    @TestFactory
    List<DynamicTest> lessonRulesReproduceTheReferenceTrajectories() {
        return trajectories("/reference/optimizer-steps.json", 4);
    }

    @TestFactory
    List<DynamicTest> rmspropReproducesItsReferenceTrajectories() {
        return trajectories("/reference/rmsprop-steps.json", 2);
    }

    private static List<DynamicTest> trajectories(String resource, int expectedCases) {
        ReferenceObjective objective = ReferenceObjective.load(resource);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement element : objective.cases) {
            JsonObject c = element.getAsJsonObject();
            String name = c.get("optimizer").getAsString() + " " + c.getAsJsonObject("params");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Parameter theta = new Parameter("theta", Tensor.vector(objective.theta0.clone()));
                Optimizer optimizer = create(c.get("optimizer").getAsString(), c.getAsJsonObject("params"), theta);
                double[][] expected = ReferenceObjective.matrix(c.getAsJsonArray("traj"));
                assertEquals(6, expected.length);
                for (int step = 0; step < expected.length; step++) {
                    optimizer.zeroGrad();
                    objective.writeGradient(theta);
                    optimizer.step();
                    for (int i = 0; i < expected[step].length; i++) {
                        double got = theta.value().get(i);
                        assertEquals(expected[step][i], got, TOLERANCE, optimizer + " step " + (step + 1)
                                + " coordinate " + i);
                    }
                }
            }));
        }
        assertEquals(expectedCases, tests.size(), resource + " cases");
        assertTrue(tests.size() > 0);
        return tests;
    }

    private static Optimizer create(String name, JsonObject p, Parameter theta) {
        List<Parameter> params = List.of(theta);
        double lr = p.get("lr").getAsDouble();
        switch (name) {
            case "SGD":
                return new SGD(params, lr);
            case "Momentum":
                return new Momentum(params, lr, p.get("momentum").getAsDouble());
            case "Adagrad":
                return new Adagrad(params, lr, p.get("eps").getAsDouble());
            case "Adam":
                return new Adam(params, lr, p.get("beta1").getAsDouble(), p.get("beta2").getAsDouble(),
                        p.get("eps").getAsDouble());
            case "RMSProp":
                return new RMSProp(params, lr, p.get("rho").getAsDouble(), p.get("eps").getAsDouble());
            default:
                throw new IllegalArgumentException("unknown optimizer in reference file: " + name);
        }
    }
}
