package io.computecluster.master.store;

import io.computecluster.common.column.Column;
import io.computecluster.common.serialization.ColumnCodec;
import io.computecluster.master.job.JobEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A job store in memory, for tests that drive the job manager or a journal without a database:
 * it answers as {@link JdbcJobStore} does (a taken number fails, a replay leaves out result
 * values, a missing event fails; {@link JobStoreContract} checks both), and every event goes
 * through {@link JobEventCodec} as it would to the database. Answers are complete at once unless
 * writes are held.
 *
 * <p>It can fail: {@link #failWrites} and {@link #failReads} make every later append and erasure,
 * or replay, read and listing, fail with the reason given, until {@link #works}; {@link #holdWrites}
 * keeps appends and erasures waiting, unapplied, until {@link #releaseWrites}, so that a test can
 * see what happens while results are on their way to the store.
 */
public final class InMemoryJobStore implements JobStore {

    private record Row(String kind, byte[] payload) {
    }

    private final Map<String, TreeMap<Long, Row>> jobs = new LinkedHashMap<>();
    /** Each job's input blocks, encoded as the database holds them. */
    private final Map<String, TreeMap<Integer, byte[]>> inputs = new LinkedHashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    private String writeFailure;
    private String readFailure;
    private boolean holding;
    private long appends;

    /** Every later write fails with {@code reason}, until {@link #works}. */
    public synchronized InMemoryJobStore failWrites(String reason) {
        writeFailure = reason;
        return this;
    }

    /** Every later read fails with {@code reason}, until {@link #works}. */
    public synchronized InMemoryJobStore failReads(String reason) {
        readFailure = reason;
        return this;
    }

    /** Reads and writes work again; held writes stay held. */
    public synchronized InMemoryJobStore works() {
        writeFailure = null;
        readFailure = null;
        return this;
    }

    /** Later writes wait, not applied, until {@link #releaseWrites}. */
    public synchronized InMemoryJobStore holdWrites() {
        holding = true;
        return this;
    }

    /** Applies the held writes in the order they came (each may fail as the store then does), and stops holding. */
    public void releaseWrites() {
        List<Runnable> waiting;
        synchronized (this) {
            holding = false;
            waiting = List.copyOf(held);
            held.clear();
        }
        waiting.forEach(Runnable::run);
    }

    /** How many writes are held. */
    public synchronized int heldWrites() {
        return held.size();
    }

    /** How many appends succeeded so far. */
    public synchronized long appends() {
        return appends;
    }

    /** Job {@code jobId}'s events as stored, with every value, in order; empty for an unknown job. */
    public synchronized List<JobEvent> events(String jobId) {
        List<JobEvent> events = new ArrayList<>();
        jobs.getOrDefault(jobId, new TreeMap<>()).values()
                .forEach(row -> events.add(JobEventCodec.decode(row.kind(), row.payload())));
        return events;
    }

    @Override
    public CompletionStage<Void> append(String jobId, long sequenceNr, JobEvent event) {
        Row row = new Row(JobEventCodec.kind(event), JobEventCodec.encode(event));
        return write(() -> {
            TreeMap<Long, Row> events = jobs.computeIfAbsent(jobId, id -> new TreeMap<>());
            if (events.containsKey(sequenceNr)) {
                throw failure("cannot write event " + sequenceNr + " of job " + jobId
                        + ": the primary key (job_id, seq) refuses a second event of that number");
            }
            events.put(sequenceNr, row);
            appends++;
        }, "cannot write event " + sequenceNr + " of job " + jobId);
    }

    @Override
    public CompletionStage<Void> erase(String jobId) {
        return write(() -> {
            jobs.remove(jobId);
            inputs.remove(jobId);
        }, "cannot erase job " + jobId);
    }

    @Override
    public CompletionStage<Void> appendInputs(String jobId, int block, Column values) {
        ByteBuffer out = ByteBuffer.allocate(ColumnCodec.sizeOf(values));
        ColumnCodec.write(values, out);
        byte[] payload = java.util.Arrays.copyOf(out.array(), out.position());
        return write(() -> {
            TreeMap<Integer, byte[]> blocks = inputs.computeIfAbsent(jobId, id -> new TreeMap<>());
            if (blocks.containsKey(block)) {
                throw failure("cannot write input block " + block + " of job " + jobId
                        + ": the primary key (job_id, block) refuses a second block of that number");
            }
            blocks.put(block, payload);
        }, "cannot write input block " + block + " of job " + jobId);
    }

    @Override
    public synchronized CompletionStage<Column> readInputs(String jobId, int block) {
        if (readFailure != null) {
            return failed("cannot read input block " + block + " of job " + jobId + ": " + readFailure);
        }
        byte[] payload = inputs.getOrDefault(jobId, new TreeMap<>()).get(block);
        if (payload == null) {
            return failed("input block " + block + " of job " + jobId + " is not in the job store " + where());
        }
        return CompletableFuture.completedFuture(ColumnCodec.read(ByteBuffer.wrap(payload)));
    }

    /** How many input blocks job {@code jobId} has stored. */
    public synchronized int inputBlocks(String jobId) {
        return inputs.getOrDefault(jobId, new TreeMap<>()).size();
    }

    @Override
    public synchronized CompletionStage<List<JobEvent>> replay(String jobId) {
        if (readFailure != null) {
            return failed("cannot read job " + jobId + " back: " + readFailure);
        }
        List<JobEvent> events = new ArrayList<>();
        TreeMap<Long, Row> rows = jobs.getOrDefault(jobId, new TreeMap<>());
        boolean defined = rows.containsKey(1L);
        for (Map.Entry<Long, Row> entry : rows.entrySet()) {
            if (defined && entry.getKey() != events.size() + 1) {
                return failed("job " + jobId + " has event " + entry.getKey() + " after " + events.size()
                        + " events in the job store " + where());
            }
            JobEvent event = JobEventCodec.decode(entry.getValue().kind(), entry.getValue().payload());
            events.add(event instanceof JobEvent.ChunksCompleted completed ? completed.withoutValues() : event);
        }
        return CompletableFuture.completedFuture(events);
    }

    @Override
    public synchronized CompletionStage<JobEvent> read(String jobId, long sequenceNr) {
        if (readFailure != null) {
            return failed("cannot read event " + sequenceNr + " of job " + jobId + ": " + readFailure);
        }
        Row row = jobs.getOrDefault(jobId, new TreeMap<>()).get(sequenceNr);
        if (row == null) {
            return failed("event " + sequenceNr + " of job " + jobId + " is not in the job store " + where());
        }
        return CompletableFuture.completedFuture(JobEventCodec.decode(row.kind(), row.payload()));
    }

    @Override
    public synchronized CompletionStage<List<String>> jobIds() {
        if (readFailure != null) {
            return failed("cannot list the jobs: " + readFailure);
        }
        Set<String> ids = new LinkedHashSet<>(jobs.keySet());
        ids.addAll(inputs.keySet());
        return CompletableFuture.completedFuture(List.copyOf(ids));
    }

    @Override
    public String where() {
        return "in memory";
    }

    /** Applies {@code change} now, or when released; fails as the store is set to. */
    private CompletionStage<Void> write(Runnable change, String what) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable apply = () -> {
            synchronized (this) {
                if (writeFailure != null) {
                    done.completeExceptionally(failure(what + ": " + writeFailure));
                    return;
                }
                try {
                    change.run();
                } catch (CompletionException e) {
                    done.completeExceptionally(e);
                    return;
                }
            }
            done.complete(null);
        };
        synchronized (this) {
            if (holding) {
                held.add(apply);
                return done;
            }
        }
        apply.run();
        return done;
    }

    private static CompletionException failure(String message) {
        return new CompletionException(new IllegalStateException(message));
    }

    private static <T> CompletionStage<T> failed(String message) {
        return CompletableFuture.failedFuture(new IllegalStateException(message));
    }
}
