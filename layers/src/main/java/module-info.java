/**
 * The standard layers: Dense and the element-wise activations. Their API is made of core's
 * types (Layer, Tensor, Parameter, Initializer, RandomState), so reading this module reads core.
 */
module dev.backprop.layers {
    requires transitive dev.backprop.core;
    exports dev.backprop.layers;
}
