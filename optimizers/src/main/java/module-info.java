/** The optimizers (SGD, Momentum, Adagrad, RMSProp, Adam) and their shared base class. */
module dev.backprop.optimizers {
    requires transitive dev.backprop.core;
    exports dev.backprop.optimizers;
}
