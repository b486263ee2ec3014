package dev.backprop.examples.io;

import java.io.IOException;

/** A checkpoint that cannot be read or does not fit the model; the message says why. */
public final class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }
}
