package io.computecluster.client;

import io.computecluster.compute.http.MasterFailover;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Ctrl-C (or SIGTERM) does while {@code submit} waits for its job: a JVM shutdown hook that
 * asks the master to cancel the job ({@code DELETE /jobs/{id}}), or with {@code --keep-on-interrupt}
 * leaves it running, and says which in one line on stderr. A normal exit runs the same hooks, so
 * the command removes this one before it returns ({@link #close()}). It is armed before the job is
 * submitted, so that no Ctrl-C goes untold.
 */
final class JobInterruptHook implements AutoCloseable {
    /** The most an interrupted command waits for the master to take the cancellation. */
    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);

    private final boolean cancel;
    private final MasterFailover masters;
    private final PrintStream stderr;
    private final Duration timeout;
    private final Thread hook = new Thread(this::interrupted, "cancel-on-interrupt");
    /** Null until the master has answered the submission. */
    private volatile String jobId;
    private volatile boolean ended;

    JobInterruptHook(boolean cancel, MasterFailover masters, PrintStream stderr, Duration timeout) {
        this.cancel = cancel;
        this.masters = masters;
        this.stderr = stderr;
        this.timeout = timeout;
    }

    /** A hook for the job about to be submitted, registered with the JVM until closed. */
    static JobInterruptHook arm(boolean cancel, MasterFailover masters, PrintStream stderr) {
        JobInterruptHook armed = new JobInterruptHook(cancel, masters, stderr, CANCEL_TIMEOUT);
        Runtime.getRuntime().addShutdownHook(armed.hook);
        return armed;
    }

    /** The master took the job as {@code id}. */
    void submitted(String id) {
        jobId = id;
    }

    /**
     * The job has ended: from now on an interruption cancels nothing, since {@code DELETE} would
     * make the master forget the ended job and its results.
     */
    void jobEnded() {
        ended = true;
    }

    /** The hook's work: one line on stderr, and the cancellation unless the job is to keep running. */
    void interrupted() {
        String jobId = this.jobId;
        if (jobId == null) {
            stderr.println("interrupted before the master answered the submission; bin/compute jobs lists the jobs"
                    + " it took");
        } else if (ended) {
            stderr.println("interrupted: job " + jobId + " has ended; bin/compute results " + jobId + " fetches its"
                    + " results");
        } else if (!cancel) {
            stderr.println("interrupted: job " + jobId + " keeps running; bin/compute status " + jobId);
        } else {
            stderr.println(cancelJob(jobId));
        }
        stderr.flush();
    }

    /** Cancels on a thread of its own, so that a master that does not answer holds up the exit only so long. */
    private String cancelJob(String jobId) {
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread request = new Thread(() -> outcome.set(requestCancel(jobId)), "cancel-" + jobId);
        request.setDaemon(true);
        request.start();
        try {
            request.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String done = outcome.get();
        return done != null ? done : "interrupted: the master did not answer the cancellation of job " + jobId
                + " within " + timeout.toSeconds() + " s; bin/compute cancel " + jobId;
    }

    private String requestCancel(String jobId) {
        try {
            masters.call(master -> master.cancel(jobId));
            return "interrupted: cancelled job " + jobId + " (--keep-on-interrupt leaves it running)";
        } catch (IOException e) {
            return "interrupted: could not cancel job " + jobId + " (" + MasterFailover.reason(e)
                    + "); bin/compute cancel " + jobId;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted: job " + jobId + " was not cancelled; bin/compute cancel " + jobId;
        }
    }

    /** Removes the hook: the command ends normally. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs or ran.
        }
    }
}
