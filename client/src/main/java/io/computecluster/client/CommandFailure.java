package io.computecluster.client;

/**
 * Ends a command with a given exit code and a one-line message for stderr (without the
 * {@code error: } prefix, which the command line adds).
 */
public final class CommandFailure extends Exception {
    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
