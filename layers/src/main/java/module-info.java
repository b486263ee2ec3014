/** The standard layers: Dense and the element-wise activations. */
module dev.backprop.layers {
    requires dev.backprop.core;
    exports dev.backprop.layers;
}
