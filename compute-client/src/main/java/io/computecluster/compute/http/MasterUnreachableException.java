package io.computecluster.compute.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The master's HTTP API could not be reached, or stopped answering midway: connection refused,
 * unknown host, timeouts, a connection dropped while a response was read.
 */
public final class MasterUnreachableException extends IOException {
    private final URI api;
    private final String reason;

    public MasterUnreachableException(URI api, String reason, Throwable cause) {
        this("master unreachable at " + api + ": " + reason, api, reason, cause);
    }

    private MasterUnreachableException(String message, URI api, String reason, Throwable cause) {
        super(message, cause);
        this.api = api;
        this.reason = reason;
    }

    /**
     * None of several masters answered for {@code patience}: names each with why it failed last,
     * {@code master unreachable at A: connection refused; at B: ... (kept trying for 60 s)}.
     */
    static MasterUnreachableException everywhere(Map<URI, String> lastReasons, Duration patience, Throwable cause) {
        StringJoiner each = new StringJoiner("; at ");
        lastReasons.forEach((api, why) -> each.add(api + ": " + why));
        String reasons = each + " (kept trying for " + patience.toSeconds() + " s)";
        URI first = lastReasons.keySet().iterator().next();
        return new MasterUnreachableException("master unreachable at " + reasons, first, reasons, cause);
    }

    /** The base URL of the API that was tried (the first one, when several were). */
    public URI api() {
        return api;
    }

    /** Why, in a few words ("connection refused"). */
    public String reason() {
        return reason;
    }
}
