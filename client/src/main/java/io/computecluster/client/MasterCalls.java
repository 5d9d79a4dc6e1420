package io.computecluster.client;

import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.MasterFailover;
import java.io.IOException;
import java.io.PrintStream;

/**
 * A verb's requests to the masters (with failover), and the master's refusals turned into the
 * contract's one-line failures: a refused token and an unknown job id are bad usage (exit 2);
 * any other error answer stays an {@link ApiException} (exit 1).
 */
final class MasterCalls {
    private final MasterApiOptions options;
    private final MasterFailover masters;

    MasterCalls(MasterApiOptions options, PrintStream notices) throws CommandFailure {
        this.options = options;
        this.masters = options.masters(notices);
    }

    MasterFailover masters() {
        return masters;
    }

    /** A request about the cluster as a whole. */
    <T> T call(MasterFailover.Call<T> call) throws IOException, InterruptedException, CommandFailure {
        try {
            return masters.call(call);
        } catch (ApiException e) {
            throw failure(e, null);
        }
    }

    /** A request about job {@code jobId}: a 404 means the master knows no such job. */
    <T> T callAbout(String jobId, MasterFailover.Call<T> call)
            throws IOException, InterruptedException, CommandFailure {
        try {
            return masters.call(call);
        } catch (ApiException e) {
            throw failure(e, jobId);
        }
    }

    /** The failure {@code e} stands for; rethrows it when it is none of the above. */
    CommandFailure failure(ApiException e, String jobId) throws ApiException {
        if (e.status() == 401) {
            return options.refused(e);
        }
        if (jobId != null && e.status() == 404) {
            return unknownJob(jobId, e);
        }
        throw e;
    }

    private CommandFailure unknownJob(String jobId, ApiException e) {
        String at = e.api() == null ? "" : " at " + e.api();
        return new CommandFailure(ExitCode.USAGE, "no job " + jobId + at
                + " (bin/compute jobs lists the jobs the master knows)", e);
    }
}
