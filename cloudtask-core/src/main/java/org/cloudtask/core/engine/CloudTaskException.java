package org.cloudtask.core.engine;

/**
 * A problem the user can fix, with a one-line message that names what is wrong and what to do. Front ends print
 * the message (never a stack trace) and exit with {@link #exitCode()}.
 */
public class CloudTaskException extends RuntimeException {

    /** Usage or configuration error. */
    public static final int USAGE = 2;

    private final int exitCode;

    public CloudTaskException(String message) {
        this(message, USAGE);
    }

    public CloudTaskException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CloudTaskException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = USAGE;
    }

    public int exitCode() {
        return exitCode;
    }
}
