package dev.backprop.optimizers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.backprop.core.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The objective of the reference trajectories,
 * {@code L(theta) = 0.5 theta^T A theta - b^T theta + 0.25 sum theta^4}, read from a reference
 * JSON file in the test resources (see {@code reference/optimizer_steps.py}).
 */
final class ReferenceObjective {

    final double[][] a;
    final double[] b;
    final double[] theta0;
    final JsonArray cases;

    private ReferenceObjective(JsonObject root) {
        a = matrix(root.getAsJsonArray("A"));
        b = vector(root.getAsJsonArray("b"));
        theta0 = vector(root.getAsJsonArray("theta0"));
        cases = root.getAsJsonArray("cases");
    }

    static ReferenceObjective load(String resource) {
        try (InputStream in = ReferenceObjective.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new ReferenceObjective(JsonParser.parseReader(
                    new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets {@code p.grad()} to {@code A theta - b + theta^3} at {@code p.value()}. */
    void writeGradient(Parameter p) {
        double[] theta = p.value().data();
        double[] g = p.grad().data();
        for (int i = 0; i < theta.length; i++) {
            double s = -b[i] + theta[i] * theta[i] * theta[i];
            for (int j = 0; j < theta.length; j++) {
                s += a[i][j] * theta[j];
            }
            g[i] = s;
        }
    }

    static double[] vector(JsonArray array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).getAsDouble();
        }
        return v;
    }

    static double[][] matrix(JsonArray array) {
        double[][] m = new double[array.size()][];
        int i = 0;
        for (JsonElement row : array) {
            m[i++] = vector(row.getAsJsonArray());
        }
        return m;
    }
}
