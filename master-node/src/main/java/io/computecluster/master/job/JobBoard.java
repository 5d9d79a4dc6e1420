package io.computecluster.master.job;

import io.computecluster.common.column.Column;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * All jobs the master knows, the order in which their chunks are handed out (one chunk per job
 * in turn, so a big job does not starve a small one) and which ended jobs are kept: at most
 * {@code retainedEndedJobs}, holding at most {@code retainedInputs} results between them (the
 * newest ended job is always kept).
 */
public final class JobBoard {
    private final int retainedEndedJobs;
    private final long retainedInputs;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Jobs that may have a chunk to hand out, each at most once, served in turn. */
    private final LinkedHashSet<Job> withWork = new LinkedHashSet<>();
    private final ArrayDeque<Job> ended = new ArrayDeque<>();
    private long endedInputs;
    /** Jobs whose inputs are in the job store, until they end. */
    private final Set<Job> withStoredInputs = new LinkedHashSet<>();

    public JobBoard(int retainedEndedJobs, long retainedInputs) {
        this.retainedEndedJobs = retainedEndedJobs;
        this.retainedInputs = retainedInputs;
    }

    public void add(Job job) {
        jobs.put(job.id(), job);
        withWork.add(job);
        if (!job.spec().inputs().inHeap()) {
            withStoredInputs.add(job);
        }
    }

    /** The jobs not ended whose inputs are in the job store: those whose next chunks are read ahead. */
    public Collection<Job> withStoredInputs() {
        withStoredInputs.removeIf(job -> job.state().isEnded());
        return withStoredInputs;
    }

    public Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Newest first. */
    public List<Job> newestFirst() {
        List<Job> all = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(all);
        return all;
    }

    public Collection<Job> all() {
        return jobs.values();
    }

    /** Jobs queued or running: what {@code compute.master.max-running-jobs} limits. */
    /** The inputs of the unfinished jobs given as lists: the master holds them in memory. */
    public long unfinishedListInputs() {
        return jobs.values().stream()
                .filter(job -> !job.state().isEnded() && job.spec().inputs() instanceof InputSource.Listed)
                .mapToLong(job -> job.spec().inputs().total())
                .sum();
    }

    public int unfinishedCount() {
        return (int) jobs.values().stream().filter(job -> !job.state().isEnded()).count();
    }

    /** The next chunk to hand out, taken from the jobs in turn; empty when no job has one. */
    public Optional<ChunkTask> nextTask() {
        return nextTask(function -> true);
    }

    /**
     * The next chunk of a job whose function {@code runs} accepts (a worker offers it), taken from
     * those jobs in turn; empty when none has one. Jobs passed over keep their turn.
     */
    public Optional<ChunkTask> nextTask(Predicate<FunctionCall> runs) {
        return nextTask(runs, (job, chunk) -> null);
    }

    /** The inputs of a chunk of a job whose inputs are in the job store, when read already. */
    @FunctionalInterface
    public interface LoadedInputs {
        /** Chunk {@code chunk}'s inputs, taken to be handed out; null while they are not read yet. */
        Column take(Job job, int chunk);
    }

    /**
     * As {@link #nextTask(Predicate)}; the chunks of jobs whose inputs are in the job store come
     * from {@code loaded}, and such a job whose next chunk is not read yet is passed over, keeping
     * its turn.
     */
    public Optional<ChunkTask> nextTask(Predicate<FunctionCall> runs, LoadedInputs loaded) {
        for (Iterator<Job> turn = withWork.iterator(); turn.hasNext(); ) {
            Job job = turn.next();
            if (!job.hasWork()) {
                turn.remove();
            } else if (runs.test(job.spec().call())) {
                Column inputs = null;
                if (!job.spec().inputs().inHeap()) {
                    inputs = loaded.take(job, job.nextChunk());
                    if (inputs == null) {
                        continue;
                    }
                }
                turn.remove();
                ChunkTask task = inputs == null ? job.nextTask() : job.nextTask(inputs);
                if (job.hasWork()) {
                    withWork.add(job);
                }
                return Optional.of(task);
            }
        }
        return Optional.empty();
    }

    /** Hands a chunk out again, unless its job ended or it is done. */
    public void retry(String jobId, int chunk) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return;
        }
        job.retry(chunk);
        if (job.hasWork()) {
            withWork.add(job);
        }
    }

    /**
     * Call when a job has ended: it is kept for its results, and the oldest ended jobs are dropped.
     * Returns the jobs dropped, oldest first.
     */
    public List<Job> ended(Job job) {
        withStoredInputs.remove(job);
        ended.addLast(job);
        endedInputs += job.spec().inputs().total();
        List<Job> dropped = new ArrayList<>();
        while (ended.size() > retainedEndedJobs || (endedInputs > retainedInputs && ended.size() > 1)) {
            dropped.add(ended.peekFirst());
            forget(ended.peekFirst());
        }
        return dropped;
    }

    /** Forgets an ended job and its results. */
    public boolean remove(String id) {
        Job job = jobs.get(id);
        if (job == null || !job.state().isEnded()) {
            return false;
        }
        forget(job);
        return true;
    }

    private void forget(Job job) {
        jobs.remove(job.id());
        withStoredInputs.remove(job);
        if (ended.remove(job)) {
            endedInputs -= job.spec().inputs().total();
        }
    }
}
