/**
 * JMH benchmarks of the lesson's workload and of the matrix kernels. Not a library: the build
 * compiles and packages them into {@code target/benchmarks.jar}, which is run by hand.
 */
module dev.backprop.benchmarks {
    requires dev.backprop.core;
    requires dev.backprop.layers;
    requires dev.backprop.optimizers;
    requires dev.backprop.datasets;
    requires dev.backprop.examples;
    requires jmh.core;

    // JMH instantiates the benchmark states and the generated harness by reflection.
    opens dev.backprop.benchmarks to jmh.core;
    opens dev.backprop.benchmarks.jmh_generated to jmh.core;
}
