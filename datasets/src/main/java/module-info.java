module dev.backprop.datasets {
    requires dev.backprop.core;
}
