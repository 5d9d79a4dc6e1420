package io.computecluster.compute.http;

import io.computecluster.api.JobStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Waits for a job to end with the master's long poll: each request returns as soon as the job
 * ends, or after {@link #PROGRESS_INTERVAL} with its progress. A master that stops answering is
 * replaced by the next one (the same job id: the job is never submitted again), and even a lone
 * master that stops for a short while (a GC pause, a restarting proxy) is asked again for
 * {@link #UNREACHABLE_GRACE} before the wait gives up.
 */
public final class JobPolling {
    public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    public static final Duration UNREACHABLE_GRACE = Duration.ofSeconds(10);

    private JobPolling() {
    }

    /** The job's final status, giving {@code progress} every status polled on the way. */
    public static JobStatus untilEnded(MasterFailover masters, String jobId, Consumer<? super JobStatus> progress)
            throws IOException, InterruptedException {
        while (true) {
            JobStatus status = masters.call(master -> master.awaitStatus(jobId, PROGRESS_INTERVAL), UNREACHABLE_GRACE);
            progress.accept(status);
            if (status.state().isFinal()) {
                return status;
            }
        }
    }
}
