module dev.backprop.optimizers {
    requires dev.backprop.core;
}
