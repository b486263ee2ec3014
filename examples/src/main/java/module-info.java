/**
 * The {@code backprop} command line: the lesson end to end, with its figures, reports and
 * checkpoints. Run it with {@code ./backprop --help}.
 */
module dev.backprop.examples {
    requires dev.backprop.core;
    requires dev.backprop.layers;
    requires dev.backprop.optimizers;
    requires dev.backprop.datasets;
    requires org.slf4j;
    requires info.picocli;
    requires org.knowm.xchart;
    requires me.tongfei.progressbar;
    requires java.desktop;

    exports dev.backprop.examples;
    exports dev.backprop.examples.figures;
    exports dev.backprop.examples.io;

    // picocli fills the commands' option fields by reflection.
    opens dev.backprop.examples.cli to info.picocli;
}
