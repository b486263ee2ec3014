/**
 * Optimizers: {@link dev.backprop.optimizers.SGD}, {@link dev.backprop.optimizers.Momentum},
 * {@link dev.backprop.optimizers.Adagrad}, {@link dev.backprop.optimizers.RMSProp} and
 * {@link dev.backprop.optimizers.Adam}, each a single update rule on the shared loop of
 * {@link dev.backprop.optimizers.AbstractOptimizer}, the class to extend for a new one.
 */
package dev.backprop.optimizers;
