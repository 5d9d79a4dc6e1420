package io.computecluster.client;

import io.computecluster.api.JobStatus;
import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.JobPolling;
import io.computecluster.compute.http.MasterFailover;
import java.io.IOException;

/**
 * Waits for a job to end ({@link JobPolling}), telling {@link Progress} of each status; a master
 * whose job manager keeps answering 503 past the grace ends the command as unreachable.
 */
final class JobWaiter {
    private final MasterFailover masters;

    JobWaiter(MasterFailover masters) {
        this.masters = masters;
    }

    /** Returns the job's final status, feeding every status polled to {@code progress}. */
    JobStatus await(String jobId, Progress progress) throws IOException, InterruptedException, CommandFailure {
        try {
            return JobPolling.untilEnded(masters, jobId, progress::update);
        } catch (ApiException e) {
            // 503 past the grace: the master is up but its job manager does not answer.
            if (e.status() == 503) {
                throw new CommandFailure(ExitCode.UNREACHABLE, "cluster not answering at " + e.api()
                        + ": " + e.error() + " (job " + jobId + ")", e);
            }
            throw e;
        }
    }
}
