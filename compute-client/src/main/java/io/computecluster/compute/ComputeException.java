package io.computecluster.compute;

import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.MasterUnreachableException;
import java.io.IOException;
import java.net.URI;

/**
 * A request the cluster did not carry out: the master refused it ({@link #status()} is its HTTP
 * status, {@link #getMessage()} its one-line reason), or no master answered ({@link #unreachable()}).
 */
public final class ComputeException extends RuntimeException {
    private final int status;
    private final URI master;

    ComputeException(String message, int status, URI master, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.master = master;
    }

    /** The master's HTTP status (400 bad input, 404 unknown job, 409 no results, ...); 0 when none answered. */
    public int status() {
        return status;
    }

    /** Whether no master answered within the failover patience. */
    public boolean unreachable() {
        return status == 0;
    }

    /** The master that answered or failed last, when known. */
    public URI master() {
        return master;
    }

    static ComputeException of(IOException failure) {
        if (failure instanceof ApiException api) {
            return new ComputeException(api.error(), api.status(), api.api(), api);
        }
        if (failure instanceof MasterUnreachableException unreachable) {
            return new ComputeException(unreachable.getMessage(), 0, unreachable.api(), unreachable);
        }
        return new ComputeException(failure.getMessage(), 0, null, failure);
    }

    static ComputeException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ComputeException("interrupted while waiting for the master", 0, null, e);
    }
}
