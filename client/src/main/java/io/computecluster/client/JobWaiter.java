package io.computecluster.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a job to end with the master's long poll: each request returns as soon as the job
 * ends, or after {@link #PROGRESS_INTERVAL} with its progress. A master that stops answering for a
 * short while (a GC pause, a restarting proxy) is asked again before the client gives up.
 */
final class JobWaiter {
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long UNREACHABLE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ApiClient client;

    JobWaiter(ApiClient client) {
        this.client = client;
    }

    /** Returns the job's final status, feeding every status polled to {@code progress}. */
    JobStatus await(String jobId, Progress progress) throws IOException, InterruptedException, CommandFailure {
        long unreachableSince = -1;
        while (true) {
            JobStatus status;
            try {
                status = client.awaitStatus(jobId, PROGRESS_INTERVAL);
                unreachableSince = -1;
            } catch (MasterUnreachableException | ApiException e) {
                // 503: the master is up but its job manager did not answer in time; also transient.
                if (e instanceof ApiException api && api.status() != 503) {
                    throw api;
                }
                long now = System.nanoTime();
                if (unreachableSince < 0) {
                    unreachableSince = now;
                } else if (now - unreachableSince > UNREACHABLE_GRACE_NANOS) {
                    if (e instanceof ApiException api) {
                        throw new CommandFailure(ExitCode.UNREACHABLE, "cluster not answering at " + client.api()
                                + ": " + api.error() + " (job " + jobId + ")", api);
                    }
                    throw e;
                }
                TimeUnit.NANOSECONDS.sleep(RETRY_DELAY_NANOS);
                continue;
            }
            progress.update(status);
            if (status.state().isFinal()) {
                return status;
            }
        }
    }
}
