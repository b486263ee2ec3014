package dev.backprop.layers;

import dev.backprop.core.Tensor;

import java.util.Arrays;

/** The checks every layer here makes, so that their messages read the same everywhere. */
final class LayerChecks {

    private LayerChecks() {
    }

    /** Throws if {@code cached} is null, that is if {@code backward} came before any {@code forward}. */
    static void requireForward(Object cached, Object layer) {
        if (cached == null) {
            throw new IllegalStateException(layer + ": backward called before forward");
        }
    }

    /** Throws unless {@code gradOutput} has the shape of the last forward's output (a null one has none). */
    static void requireGradientShape(Tensor gradOutput, int[] outputShape, Object layer) {
        if (gradOutput == null || !Arrays.equals(gradOutput.shape(), outputShape)) {
            throw new IllegalArgumentException(layer + " backward got gradient "
                    + (gradOutput == null ? "null" : Arrays.toString(gradOutput.shape()))
                    + ", expected " + Arrays.toString(outputShape));
        }
    }
}
