package dev.backprop.core;

import java.util.List;

/** Small layers written out with plain loops, for testing the core without the layers module. */
final class TestLayers {

    private TestLayers() {
    }

    /** {@code y = x W + b}, W {@code [in, out]}, b {@code [out]}: a dense layer by the book. */
    static final class Affine implements Layer {
        final Parameter weight;
        final Parameter bias;
        private Tensor input;

        Affine(int in, int out, RandomState random) {
            weight = new Parameter("weight", random.uniform(-1, 1, in, out));
            bias = new Parameter("bias", random.uniform(-1, 1, out));
        }

        @Override
        public Tensor forward(Tensor x) {
            input = x;
            int n = x.dim(0);
            int in = weight.value().dim(0);
            int out = weight.value().dim(1);
            Tensor y = Tensor.zeros(n, out);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    double s = bias.value().get(j);
                    for (int p = 0; p < in; p++) {
                        s += x.get(i, p) * weight.value().get(p, j);
                    }
                    y.set(s, i, j);
                }
            }
            return y;
        }

        @Override
        public Tensor backward(Tensor g) {
            if (input == null) {
                throw new IllegalStateException("Affine: backward called before forward");
            }
            int n = input.dim(0);
            int in = weight.value().dim(0);
            int out = weight.value().dim(1);
            Tensor dx = Tensor.zeros(n, in);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    double gij = g.get(i, j);
                    bias.grad().data()[j] += gij;
                    for (int p = 0; p < in; p++) {
                        weight.grad().data()[p * out + j] += input.get(i, p) * gij;
                        dx.data()[i * in + p] += weight.value().get(p, j) * gij;
                    }
                }
            }
            return dx;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(weight, bias);
        }

        @Override
        public int[] outputShape(int... inputShape) {
            return new int[] {inputShape[0], weight.value().dim(1)};
        }

        @Override
        public String toString() {
            return "Affine(" + weight.value().dim(0) + " -> " + weight.value().dim(1) + ")";
        }
    }

    /** {@code y = x^2}, element-wise, without parameters. */
    static final class Square implements Layer {
        private Tensor input;

        @Override
        public Tensor forward(Tensor x) {
            input = x;
            return x.mul(x);
        }

        @Override
        public Tensor backward(Tensor g) {
            if (input == null) {
                throw new IllegalStateException("Square: backward called before forward");
            }
            return g.mul(input).mulInPlace(2.0);
        }

        @Override
        public String toString() {
            return "Square()";
        }
    }
}
