module dev.backprop.examples {
    requires dev.backprop.core;
}
