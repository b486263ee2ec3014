/** Tensors, the Layer, Loss and Optimizer contracts, RandomState, GradientCheck, Trainer. */
module dev.backprop.core {
    requires org.slf4j;
    exports dev.backprop.core;
}
