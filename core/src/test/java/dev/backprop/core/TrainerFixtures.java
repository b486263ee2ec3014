package dev.backprop.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small stand-ins for the Trainer tests: an affine layer, plain gradient descent, a recorder. */
final class TrainerFixtures {

    private TrainerFixtures() {
    }

    /** {@code y = x W + b}, W {@code [in, out]}, b {@code [out]}. */
    static final class Affine implements Layer {
        final Parameter weight;
        final Parameter bias;
        private Tensor input;

        Affine(Tensor weight, Tensor bias) {
            this.weight = new Parameter("weight", weight);
            this.bias = new Parameter("bias", bias);
        }

        @Override
        public Tensor forward(Tensor x) {
            input = x;
            return x.matmul(weight.value()).addRowVectorInPlace(bias.value());
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            weight.grad().addInPlace(input.transposeMatmul(gradOutput));
            bias.grad().addInPlace(gradOutput.sum(0));
            return gradOutput.matmulTranspose(weight.value());
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(weight, bias);
        }
    }

    /** Passes its input through and records a copy of every batch it sees in forward. */
    static final class Recorder implements Layer {
        final List<Tensor> batches = new ArrayList<>();

        @Override
        public Tensor forward(Tensor x) {
            batches.add(x.copy());
            return x;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            return gradOutput;
        }
    }

    /** theta -= lr * g, without state; enough for the loop. */
    static final class GradientDescent implements Optimizer {
        private final List<Parameter> parameters;
        private double learningRate;

        GradientDescent(List<Parameter> parameters, double learningRate) {
            this.parameters = List.copyOf(parameters);
            this.learningRate = learningRate;
        }

        @Override
        public void step() {
            for (Parameter p : parameters) {
                if (p.trainable()) {
                    p.value().addScaledInPlace(-learningRate, p.grad());
                }
            }
        }

        @Override
        public void zeroGrad() {
            parameters.forEach(Parameter::zeroGrad);
        }

        @Override
        public double learningRate() {
            return learningRate;
        }

        @Override
        public void setLearningRate(double learningRate) {
            this.learningRate = learningRate;
        }

        @Override
        public List<Parameter> parameters() {
            return parameters;
        }

        @Override
        public Map<String, Tensor> state() {
            return Map.of();
        }

        @Override
        public void loadState(Map<String, Tensor> state) {
        }

        @Override
        public String toString() {
            return "GradientDescent(lr=" + learningRate + ")";
        }
    }

    /** Rows {@code [i, 2i]} for i = 0..n-1: the first column names the row. */
    static Tensor indexedRows(int n) {
        double[] d = new double[2 * n];
        for (int i = 0; i < n; i++) {
            d[2 * i] = i;
            d[2 * i + 1] = 2 * i;
        }
        return Tensor.wrap(d, n, 2);
    }

    /** The row indices of a batch of {@link #indexedRows}. */
    static int[] rowIds(Tensor batch) {
        int[] ids = new int[batch.dim(0)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) batch.get(i, 0);
        }
        return ids;
    }

    /** A regression problem y = x w_true + 0.3 with x from RandomState(seed). */
    static Tensor[] regression(int n, long seed) {
        RandomState r = new RandomState(seed);
        Tensor x = r.randn(n, 3);
        Tensor w = Tensor.fromRows(new double[] {0.5}, new double[] {-1.0}, new double[] {2.0});
        Tensor y = x.matmul(w).add(0.3);
        return new Tensor[] {x, y};
    }

    static Affine zeroAffine(int in, int out) {
        return new Affine(Tensor.zeros(in, out), Tensor.zeros(out));
    }
}
