package io.computecluster.master.http;

import io.computecluster.common.column.PayloadType;
import io.computecluster.common.protocol.WorkerProtocol;
import io.computecluster.master.dispatch.WorkerPool;
import io.computecluster.master.function.FunctionInfo;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.master.metrics.ThroughputMeter;
import io.computecluster.master.store.InMemoryJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The job manager's answers from memory, for route tests: the routes test the HTTP layer, and the
 * cluster tests the real job manager behind it. Jobs are range jobs from 1, whose chunk {@code c}
 * has its results in event {@code c + 2}; every answer can be replaced by a failure.
 */
final class InMemoryJobManager implements JobManagerGateway {
    static final Instant SUBMITTED = Instant.parse("2025-03-01T09:15:02.345Z");

    private final Map<String, JobStatus> jobs = new LinkedHashMap<>();
    private final List<JobSpec> submitted = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final List<String> abandoned = new ArrayList<>();
    /** The Idempotency-Keys submitted, each with the job it made. */
    private final Map<String, String> keys = new LinkedHashMap<>();
    private JobManagerProtocol.SubmitReply submitReply;
    private RuntimeException failure;
    private int waitingLimit;
    private JobManagerProtocol.WorkersView workers = new JobManagerProtocol.WorkersView(List.of(
            new JobManagerProtocol.WorkerNodeView("127.0.0.1:40001", 2, 3, 500, 40, List.of(
                    new WorkerPool.ActorLoad("worker-1", 1), new WorkerPool.ActorLoad("worker-2", 2)))),
            2, 3, 40, null);
    /** Square on the worker node above; {@link #offer} adds more. */
    private final List<FunctionInfo> functions = new ArrayList<>(List.of(new FunctionInfo("square",
            WorkerProtocol.FunctionCall.BUILT_IN, PayloadType.INTEGER, PayloadType.INTEGER, List.of("127.0.0.1:40001"))));

    /** Workers offer (or offered, with no nodes) {@code function}. */
    synchronized void offer(FunctionInfo function) {
        functions.add(function);
    }

    /** A range job of {@code 1..total} in chunks of {@code chunkSize}, done up to {@code completed}. */
    static JobStatus job(String id, JobState state, long total, int chunkSize, long completed) {
        return new JobStatus(id, "square", "range 1.." + total, state, total, completed, 0, chunkSize,
                SUBMITTED.toString(), state.isEnded() ? SUBMITTED.plusMillis(655).toString() : null, 655,
                completed * 1000 / 655, List.of(), completed == 0 ? Map.of() : Map.of("127.0.0.1:40001", completed), "built-in", null);
    }

    synchronized InMemoryJobManager with(JobStatus status) {
        jobs.put(status.id(), status);
        return this;
    }

    synchronized InMemoryJobManager answeringSubmit(JobManagerProtocol.SubmitReply reply) {
        submitReply = reply;
        return this;
    }

    /** Every request fails with {@code failure} from now on. */
    synchronized InMemoryJobManager failing(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    /** {@code limit} requests wait already: a long poll is refused. */
    synchronized InMemoryJobManager waitingFull(int limit) {
        waitingLimit = limit;
        return this;
    }

    synchronized InMemoryJobManager withWorkers(JobManagerProtocol.WorkersView view) {
        workers = view;
        return this;
    }

    synchronized List<JobSpec> submitted() {
        return List.copyOf(submitted);
    }

    /** The requests asked, in order, as {@code name id...}. */
    synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    /** Where the inputs of streamed bodies go. */
    InMemoryJobStore store() {
        return store;
    }

    /** The ids of the submissions abandoned, whose stored inputs were erased. */
    synchronized List<String> abandoned() {
        return List.copyOf(abandoned);
    }

    @Override
    public synchronized String newJobId() {
        // As submit numbers the jobs it makes up.
        return String.format("j-%012x", submitted.size() + 1);
    }

    @Override
    public CompletionStage<Void> appendInputs(String id, int block, io.computecluster.common.column.Column values) {
        return store.appendInputs(id, block, values);
    }

    @Override
    public synchronized void abandon(String id) {
        abandoned.add(id);
        store.erase(id);
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.SubmitReply> submit(JobSpec spec, String idempotencyKey) {
        return submit(null, spec, idempotencyKey);
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.SubmitReply> submit(String given, JobSpec spec,
                                                                           String idempotencyKey) {
        return answer("submit", () -> {
            submitted.add(spec);
            if (submitReply != null) {
                return submitReply;
            }
            String id = given != null ? given : String.format("j-%012x", submitted.size());
            if (idempotencyKey != null) {
                String kept = keys.putIfAbsent(idempotencyKey, id);
                if (kept != null) {
                    return new JobManagerProtocol.Accepted(kept, true);
                }
            }
            jobs.put(id, new JobStatus(id, spec.function(), spec.inputs().describe(), JobState.QUEUED,
                    spec.inputs().total(), 0, 0, spec.chunkSize(), SUBMITTED.toString(), null, 0, 0, List.of(),
                    Map.of(), "built-in", null));
            return new JobManagerProtocol.Accepted(id);
        });
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.KeptJob> keptJob(String idempotencyKey) {
        return answer("keptJob " + idempotencyKey, () -> new JobManagerProtocol.KeptJob(
                Optional.ofNullable(keys.get(idempotencyKey)).filter(jobs::containsKey)));
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.StatusReply> status(String id) {
        return answer("status " + id, () -> new JobManagerProtocol.StatusReply(Optional.ofNullable(jobs.get(id))));
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.StatusReply> awaitEnd(String id, Duration maxWait) {
        return answer("awaitEnd " + id + " " + maxWait, () -> new JobManagerProtocol.StatusReply(
                Optional.ofNullable(jobs.get(id)), jobs.containsKey(id) ? waitingLimit : 0));
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.JobList> list() {
        return answer("list", () -> {
            List<JobStatus> newestFirst = new ArrayList<>(jobs.values());
            java.util.Collections.reverse(newestFirst);
            return new JobManagerProtocol.JobList(newestFirst);
        });
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.StatusReply> cancel(String id) {
        return answer("cancel " + id, () -> {
            JobStatus job = jobs.get(id);
            if (job == null) {
                return new JobManagerProtocol.StatusReply(Optional.empty());
            }
            if (job.state().isEnded()) {
                jobs.remove(id);
                return new JobManagerProtocol.StatusReply(Optional.of(job));
            }
            JobStatus cancelled = job(id, JobState.CANCELLED, job.total(), job.chunkSize(), job.completed());
            jobs.put(id, cancelled);
            return new JobManagerProtocol.StatusReply(Optional.of(cancelled));
        });
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.ResultsReply> results(String id) {
        return answer("results " + id, () -> {
            JobStatus job = jobs.get(id);
            if (job == null) {
                return new JobManagerProtocol.UnknownJob(id);
            }
            if (job.state() != JobState.SUCCEEDED && job.state() != JobState.FAILED) {
                return new JobManagerProtocol.NoResults(job);
            }
            int chunks = chunks(job);
            long[] storedIn = chunks > JobManagerProtocol.LISTED_EVENTS ? new long[0] : events(0, chunks);
            return new JobManagerProtocol.ResultsStored(job, storedIn);
        });
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.ResultsReply> storedIn(String id, int from, int count) {
        return answer("storedIn " + id + " " + from + " " + count, () -> jobs.containsKey(id)
                ? new JobManagerProtocol.StoredIn(events(from, count)) : new JobManagerProtocol.UnknownJob(id));
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.ResultsReply> awaitChunk(String id, int chunk) {
        return answer("awaitChunk " + id + " " + chunk, () -> {
            if (waitingLimit > 0) {
                return new JobManagerProtocol.TooManyWaiting(waitingLimit);
            }
            JobStatus job = jobs.get(id);
            if (job == null) {
                return new JobManagerProtocol.UnknownJob(id);
            }
            return job.state() == JobState.CANCELLED ? new JobManagerProtocol.NoResults(job)
                    : new JobManagerProtocol.ChunkStored(chunk + 2);
        });
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.WorkersView> workers() {
        return answer("workers", () -> workers);
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.Functions> functions() {
        return answer("functions", () -> new JobManagerProtocol.Functions(functions));
    }

    @Override
    public synchronized CompletionStage<JobManagerProtocol.Throughput> throughput() {
        return answer("throughput", () -> new JobManagerProtocol.Throughput(1, List.of(
                new ThroughputMeter.Sample(SUBMITTED, 0), new ThroughputMeter.Sample(SUBMITTED.plusSeconds(1), 1234))));
    }

    /** The lines of chunk {@code chunk} of the range job {@code 1..total}, when {@code sequenceNr} is where its results are. */
    static ResultReader reader(long total, int chunkSize) {
        return (jobId, format) -> (chunk, sequenceNr) -> {
            if (sequenceNr != chunk + 2) {
                return CompletableFuture.failedFuture(new IllegalStateException("chunk " + chunk + " is not in event "
                        + sequenceNr));
            }
            return CompletableFuture.completedFuture(() -> squares(chunk * (long) chunkSize + 1,
                    Math.min(total, (chunk + 1) * (long) chunkSize)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
    }

    static String squares(long from, long to) {
        StringBuilder lines = new StringBuilder();
        for (long x = from; x <= to; x++) {
            lines.append(x).append('\t').append(x * x).append('\n');
        }
        return lines.toString();
    }

    private static int chunks(JobStatus job) {
        return (int) ((job.total() + job.chunkSize() - 1) / job.chunkSize());
    }

    private static long[] events(int from, int count) {
        long[] events = new long[count];
        for (int i = 0; i < count; i++) {
            events[i] = from + i + 2;
        }
        return events;
    }

    private <T> CompletionStage<T> answer(String request, Supplier<T> reply) {
        asked.add(request);
        return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(reply.get());
    }
}
