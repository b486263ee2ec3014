/**
 * Datasets for backprop: IDX files, MNIST (files, checksums, downloader, a bundled real sample),
 * Fashion-MNIST, the lesson's preprocessing, train/validation split and mini-batches.
 */
module dev.backprop.datasets {
    requires transitive dev.backprop.core;
    requires org.slf4j;
    exports dev.backprop.datasets;
}
