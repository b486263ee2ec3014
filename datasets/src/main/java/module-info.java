/**
 * Datasets for backprop: IDX files, MNIST (files, checksums, downloader, a bundled real sample),
 * Fashion-MNIST, the lesson's preprocessing and train/validation split (mini-batches are
 * {@code dev.backprop.core.MiniBatches}).
 */
module dev.backprop.datasets {
    requires transitive dev.backprop.core;
    requires org.slf4j;
    exports dev.backprop.datasets;
}
