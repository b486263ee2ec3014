package dev.backprop.core;

import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Call order in every training step:
 * {@code zeroGrad() -> forward -> loss -> backward -> step()}.
 * State (velocities, running averages) lives in the optimizer, keyed by parameter, created on
 * the first step; layers never know which optimizer trains them. Frozen parameters are
 * skipped. Implementations live in the {@code dev.backprop.optimizers} module; a new one
 * extends its {@code AbstractOptimizer}, which runs the loop and keeps the state, and writes
 * only the per-parameter update rule.
 */
public interface Optimizer {

    /** Applies one update to every trainable parameter from its current gradient. */
    void step();

    /** Clears the gradients of all parameters this optimizer was given. */
    void zeroGrad();

    double learningRate();

    void setLearningRate(double learningRate);

    /** The parameters, in the order given at construction. */
    List<Parameter> parameters();

    /**
     * A copy of the optimizer's state: the step count and every per-parameter buffer, under
     * stable string keys. {@link #loadState} on a fresh optimizer over the same parameters
     * continues bit-identically.
     */
    Map<String, Tensor> state();

    /** Restores a state produced by {@link #state()}; rejects unknown keys and wrong shapes. */
    void loadState(Map<String, Tensor> state);
}
