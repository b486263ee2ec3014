module dev.backprop.layers {
    requires dev.backprop.core;
}
