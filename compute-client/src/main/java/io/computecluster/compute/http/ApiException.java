package io.computecluster.compute.http;

import java.io.IOException;
import java.net.URI;

/**
 * The master answered with an error status; carries the {@code error} field of its JSON body and,
 * for bad input, the 1-based line it names (0 when none).
 */
public final class ApiException extends IOException {
    private final int status;
    private final String error;
    private final int line;
    private final URI api;

    public ApiException(int status, String error, int line) {
        this(status, error, line, null);
    }

    /** The answer of the master at {@code api} (null: not known). */
    public ApiException(int status, String error, int line, URI api) {
        super("HTTP " + status + ": " + error);
        this.status = status;
        this.error = error;
        this.line = line;
        this.api = api;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The master's message, or a description of the status when the body had none. */
    public String error() {
        return error;
    }

    /** The input line the master complained about, 1-based; 0 when it named none. */
    public int line() {
        return line;
    }

    /** The base URL of the master that answered; null when not known. */
    public URI api() {
        return api;
    }
}
