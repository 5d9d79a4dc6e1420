package io.computecluster.client;

import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress for logs and pipes: one line every two seconds, such as
 * {@code job j-1a2b: 400000/1000000 (40%) 1.2M tasks/s}. A job that ends sooner prints nothing,
 * except that a job held up (no live worker offers its function) says so at once, and again
 * whenever the reason changes.
 */
final class PlainProgress implements Progress {
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String jobId;
    private final PrintStream err;
    private final LongSupplier nanoTime;
    private long lastPrinted;
    private long lastDone;
    /** The last {@code waitingFor} reason printed; null when none. */
    private String lastWaitingFor;

    PlainProgress(String jobId, PrintStream err, LongSupplier nanoTime) {
        this.jobId = jobId;
        this.err = err;
        this.nanoTime = nanoTime;
        this.lastPrinted = nanoTime.getAsLong();
    }

    @Override
    public void update(JobStatus status) {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastPrinted;
        String waitingFor = status.state().isFinal() ? null : status.waitingFor();
        boolean newReason = waitingFor != null && !waitingFor.equals(lastWaitingFor);
        lastWaitingFor = waitingFor;
        if (!newReason && (elapsed < INTERVAL_NANOS || status.state().isFinal())) {
            return;
        }
        double rate = elapsed > 0 ? (status.done() - lastDone) * 1e9 / elapsed : 0;
        lastPrinted = now;
        lastDone = status.done();
        err.println(line(status, rate));
    }

    String line(JobStatus status, double rate) {
        StringBuilder line = new StringBuilder("job ").append(jobId).append(": ")
                .append(status.done()).append('/').append(status.total())
                .append(" (").append(Formats.percent(status.done(), status.total())).append("%) ")
                .append(Formats.compactRate(rate)).append(" tasks/s");
        if (status.failed() > 0) {
            line.append(", ").append(status.failed()).append(" failed");
        }
        if (status.waitingFor() != null) {
            line.append(status.state() == JobState.QUEUED ? " (queued; waiting: " : " (waiting: ")
                    .append(status.waitingFor()).append(')');
        } else if (status.state() == JobState.QUEUED) {
            line.append(" (queued)");
        }
        return line.toString();
    }

    @Override
    public void close() {
        err.flush();
    }
}
