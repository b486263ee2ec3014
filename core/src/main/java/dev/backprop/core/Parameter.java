package dev.backprop.core;

import java.util.Arrays;

/**
 * A named tensor that training may change, with its gradient beside it (same shape).
 * Layers add into {@link #grad()} during backward; optimizers read it and update
 * {@link #value()}; {@link #zeroGrad()} clears it before the next step. A parameter whose
 * {@link #trainable()} flag is off is frozen: optimizers never touch it.
 */
public final class Parameter {

    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private boolean trainable = true;

    public Parameter(String name, Tensor value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Invalid parameter name: '" + name + "'");
        }
        if (value == null) {
            throw new IllegalArgumentException("Parameter '" + name + "': value is null");
        }
        this.name = name;
        this.value = value;
        this.grad = Tensor.zeros(value.shape());
    }

    /**
     * A parameter with the same name and the same value tensor (not a copy: updates to this
     * one's value show in both) but a gradient of its own, starting at zero. What a
     * {@link Layer#replica()} holds, so that row blocks of one batch can accumulate their
     * gradients apart and be summed in a fixed order.
     */
    public Parameter replica() {
        Parameter p = new Parameter(name, value);
        p.trainable = trainable;
        return p;
    }

    public String name() {
        return name;
    }

    /** The value itself (not a copy); optimizers update it in place. */
    public Tensor value() {
        return value;
    }

    /** The accumulated gradient of the loss with respect to {@link #value()}. */
    public Tensor grad() {
        return grad;
    }

    public boolean trainable() {
        return trainable;
    }

    /** Freezes ({@code false}) or unfreezes the parameter; returns it for chaining. */
    public Parameter setTrainable(boolean trainable) {
        this.trainable = trainable;
        return this;
    }

    /**
     * Sets the gradient to zeros; a large one in ranges on the threads ({@link Parallelism#elementwise}):
     * after a step its lines sit in both cores' caches, and clearing the lesson's first weight
     * took 7.6 us from one core against 3.7 from both (mini-batch epochs 123.8 -> 117.2 ms, 21 of 30).
     */
    public void zeroGrad() {
        double[] g = grad.data();
        Parallelism.elementwise(g.length, (from, to) -> Arrays.fill(g, from, to, 0.0));
    }

    public int size() {
        return value.size();
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", " + Arrays.toString(value.shape()) + (trainable ? "" : ", frozen") + ")";
    }
}
