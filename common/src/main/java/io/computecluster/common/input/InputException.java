package io.computecluster.common.input;

/** Input that is not what a job accepts, with the 1-based line it was found on (0 when none). */
public final class InputException extends Exception {
    private final int line;
    private final boolean overLimit;

    public InputException(int line, String message) {
        this(line, message, false);
    }

    /** {@code overLimit}: the input is well-formed but more than the configured limits allow. */
    public InputException(int line, String message, boolean overLimit) {
        super(message);
        this.line = line;
        this.overLimit = overLimit;
    }

    public boolean overLimit() {
        return overLimit;
    }

    public int line() {
        return line;
    }
}
