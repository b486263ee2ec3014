package dev.backprop.datasets;

/**
 * A dataset could not be read, verified, downloaded or written: a missing or damaged file, a
 * checksum that does not match, a mirror that failed. The message always names the file (or
 * resource, or URL) first, then what was wrong and, where it helps, what was expected, e.g.
 * {@code /data/train-labels-idx1-ubyte: payload has 59999 bytes, header [60000] says 60000}.
 *
 * <p>Unchecked on purpose: a missing dataset is usually fatal for the program that asked for it,
 * and the message is written to be shown to the user as it is. Every failure of this module's
 * readers ends in this type, never in an {@code ArrayIndexOutOfBoundsException}, a raw
 * {@code IOException} or a half-loaded dataset. Invalid arguments (a zero number of classes, a
 * fraction outside (0, 1)) are programming errors and throw {@link IllegalArgumentException}.
 */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String reason;

    /** A failure about {@code source} (a path, resource name or URL); the message is prefixed with it. */
    public DatasetException(String source, String message) {
        this(source, message, null);
    }

    /** As {@link #DatasetException(String, String)}, keeping the underlying cause. */
    public DatasetException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
        this.reason = message;
    }

    /** The file, resource or URL the failure is about. */
    public String source() {
        return source;
    }

    /** What was wrong: the message without the leading source. */
    public String reason() {
        return reason;
    }
}
