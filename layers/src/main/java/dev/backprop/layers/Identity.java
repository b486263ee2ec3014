package dev.backprop.layers;

import dev.backprop.core.Layer;
import dev.backprop.core.Tensor;

import java.util.Optional;

/**
 * The identity, {@code y = x}, {@code dL/dx = dL/dy}: a placeholder where a model has "no
 * activation" (a regression output, logits for a fused softmax loss).
 *
 * <p>Both passes return their argument itself, not a copy, as {@code torch.nn.Identity} does.
 */
public final class Identity implements Layer {

    private int[] shape;   // the last forward's shape, to check the gradient against

    /** An identity layer; it has no parameters. */
    public Identity() {
    }

    @Override
    public Tensor forward(Tensor input) {
        Layer.requireInput(this, "forward", input);
        shape = input.shape();
        return input;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        LayerChecks.requireForward(shape, this);
        LayerChecks.requireGradientShape(gradOutput, shape, this);
        return gradOutput;
    }

    /** A fresh identity: it has no parameters, only the last shape. */
    @Override
    public Optional<Layer> replica() {
        return Optional.of(new Identity());
    }

    @Override
    public int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return "Identity()";
    }
}
