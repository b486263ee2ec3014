package dev.backprop.datasets;

import java.net.URI;

/**
 * Told how a download goes, e.g. to drive a progress bar. Called on the downloading thread:
 * once with {@code received = 0} when a transfer starts, then after every chunk. A new attempt
 * (another mirror, or a retry) starts again from 0.
 */
@FunctionalInterface
public interface DownloadProgress {

    /** Reports nothing. */
    DownloadProgress NONE = (file, source, received, total) -> { };

    /**
     * @param file     the file being fetched, e.g. {@code train-images-idx3-ubyte.gz}
     * @param source   the URL it comes from
     * @param received bytes received so far in this attempt
     * @param total    the size announced by the server, or -1 when unknown
     */
    void update(String file, URI source, long received, long total);
}
