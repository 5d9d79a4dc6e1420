package io.computecluster.compute;

import io.computecluster.api.JobStatus;
import io.computecluster.compute.http.JobPolling;
import io.computecluster.compute.http.ResumableDownload;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A job on the cluster, by id: its status, a wait for its end with progress, its results as they
 * come, its cancellation. Calls go to the master in use and on to a standby when it stops
 * answering: the job is the same wherever its job manager runs. Safe for several threads.
 */
public final class Job {
    private final ComputeClient client;
    private final String id;

    Job(ComputeClient client, String id) {
        this.client = client;
        this.id = Objects.requireNonNull(id, "id");
    }

    /** The job's id, such as {@code j-5f3a9c2b71d0}. */
    public String id() {
        return id;
    }

    /** The job's status now. */
    public JobStatus status() {
        return client.call(master -> master.status(id));
    }

    /** Waits until the job has ended (succeeded, failed or been cancelled) and returns its final status. */
    public JobStatus await() {
        return await(status -> { });
    }

    /** As {@link #await()}, giving {@code progress} each status seen on the way (a few times a second). */
    public JobStatus await(Consumer<? super JobStatus> progress) {
        return ComputeClient.unchecked(() -> JobPolling.untilEnded(client.masters(), id, progress));
    }

    /** Waits at most {@code timeout} for the job to end; returns its status then, ended or not. */
    public JobStatus await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Duration wait = Duration.ofNanos(Math.max(0, Math.min(left, JobPolling.PROGRESS_INTERVAL.toNanos())));
            JobStatus status = client.call(master -> master.awaitStatus(id, wait), JobPolling.UNREACHABLE_GRACE);
            if (status.state().isFinal() || left <= 0) {
                return status;
            }
        }
    }

    /** {@link #await(Consumer)} on the client's threads. */
    public CompletableFuture<JobStatus> awaitAsync(Consumer<? super JobStatus> progress) {
        return client.async(() -> await(progress));
    }

    /** Cancels the job if it has not ended (its results are dropped); returns its status afterwards. */
    public JobStatus cancel() {
        return client.call(master -> master.cancel(id));
    }

    /**
     * The job's results in input order, each as soon as it and those before it are done (the job
     * may still run), read as {@code inputType} and {@code outputType}. A job that is cancelled,
     * or forgotten, fails the read with a {@link ComputeException}.
     */
    public <I, O> Results<I, O> results(ValueType<I> inputType, ValueType<O> outputType) {
        return results(inputType, outputType, 0);
    }

    /** As {@link #results(ValueType, ValueType)}, from the input at 0-based position {@code from} on. */
    public <I, O> Results<I, O> results(ValueType<I> inputType, ValueType<O> outputType, long from) {
        ResumableDownload download = new ResumableDownload(client.masters(), id, "jsonl", true);
        return ComputeClient.unchecked(() -> new Results<>(download.open(from), from, inputType, outputType,
                client.json()));
    }

    /** Every result, once the job has ended, on the client's threads: for jobs whose results fit in memory. */
    public <I, O> CompletableFuture<List<Result<I, O>>> resultsAsync(ValueType<I> inputType, ValueType<O> outputType) {
        return client.async(() -> {
            try (Results<I, O> results = results(inputType, outputType)) {
                return results.stream().toList();
            }
        });
    }

    @Override
    public String toString() {
        return "job " + id;
    }
}
