/** Tensors, the Layer, Loss and Optimizer contracts, RandomState, GradientCheck, Trainer. */
module dev.backprop.core {
    requires org.slf4j;
    // Optional: the Vector API kernels are used only when the JVM runs with
    // --add-modules jdk.incubator.vector (see Kernels).
    requires static jdk.incubator.vector;
    exports dev.backprop.core;
}
