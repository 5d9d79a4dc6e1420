package io.computecluster.client;

import java.io.IOException;
import java.net.URI;

/**
 * The master's HTTP API could not be reached, or stopped answering midway: connection refused,
 * unknown host, timeouts, a connection dropped while a response was read.
 */
public final class MasterUnreachableException extends IOException {
    private final URI api;
    private final String reason;

    public MasterUnreachableException(URI api, String reason, Throwable cause) {
        super("master unreachable at " + api + ": " + reason, cause);
        this.api = api;
        this.reason = reason;
    }

    /** The base URL of the API that was tried. */
    public URI api() {
        return api;
    }

    /** Why, in a few words ("connection refused"). */
    public String reason() {
        return reason;
    }
}
