/** Runnable mains: the lesson end to end, and recipes for extending backprop. */
module dev.backprop.examples {
    requires dev.backprop.core;
    requires dev.backprop.layers;
    requires dev.backprop.optimizers;
    requires dev.backprop.datasets;
    requires org.slf4j;
}
