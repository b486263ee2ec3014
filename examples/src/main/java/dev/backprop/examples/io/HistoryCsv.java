package dev.backprop.examples.io;

import dev.backprop.datasets.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The per-epoch losses of a training run as CSV: header {@code epoch,train_loss,validation_loss},
 * one row per epoch (numbered from 1), every loss in full double precision (the shortest decimal
 * that reads back to the same double). An epoch without a validation loss has an empty field.
 */
public final class HistoryCsv {

    public static final String HEADER = "epoch,train_loss,validation_loss";

    private HistoryCsv() {
    }

    /**
     * Writes {@code train[i]} and {@code validation[i]} as epoch {@code i + 1}; {@code validation}
     * may be {@code null} (no validation set) or hold {@code NaN} for epochs without one.
     */
    public static void write(Path target, double[] train, double[] validation) throws IOException {
        AtomicFiles.writeString(target, format(train, validation));
    }

    /** The CSV text {@link #write} puts in the file. */
    public static String format(double[] train, double[] validation) {
        if (validation != null && validation.length != train.length) {
            throw new IllegalArgumentException("History: " + train.length + " train losses but "
                    + validation.length + " validation losses");
        }
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < train.length; i++) {
            sb.append(i + 1).append(',').append(train[i]).append(',');
            if (validation != null && !Double.isNaN(validation[i])) {
                sb.append(validation[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
