package io.computecluster.client;

import io.computecluster.api.JobStatus;
import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.MasterFailover;
import java.io.IOException;
import java.time.Duration;

/**
 * Waits for a job to end with the master's long poll: each request returns as soon as the job
 * ends, or after {@link #PROGRESS_INTERVAL} with its progress. A master that stops answering is
 * replaced by the next one (the same job id: the job is never submitted again), and even a lone
 * master that stops for a short while (a GC pause, a restarting proxy) is asked again before the
 * client gives up.
 */
final class JobWaiter {
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    static final Duration UNREACHABLE_GRACE = Duration.ofSeconds(10);

    private final MasterFailover masters;

    JobWaiter(MasterFailover masters) {
        this.masters = masters;
    }

    /** Returns the job's final status, feeding every status polled to {@code progress}. */
    JobStatus await(String jobId, Progress progress) throws IOException, InterruptedException, CommandFailure {
        while (true) {
            JobStatus status;
            try {
                status = masters.call(master -> master.awaitStatus(jobId, PROGRESS_INTERVAL), UNREACHABLE_GRACE);
            } catch (ApiException e) {
                // 503 past the grace: the master is up but its job manager does not answer.
                if (e.status() == 503) {
                    throw new CommandFailure(ExitCode.UNREACHABLE, "cluster not answering at " + e.api()
                            + ": " + e.error() + " (job " + jobId + ")", e);
                }
                throw e;
            }
            progress.update(status);
            if (status.state().isFinal()) {
                return status;
            }
        }
    }
}
