package io.computecluster.master.job;

import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All jobs the master knows, the order in which their chunks are handed out (one chunk per job
 * in turn, so a big job does not starve a small one) and how many ended jobs are kept.
 */
public final class JobBoard {
    private final int retainedEndedJobs;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ArrayDeque<Job> withWork = new ArrayDeque<>();
    private final ArrayDeque<String> ended = new ArrayDeque<>();

    public JobBoard(int retainedEndedJobs) {
        this.retainedEndedJobs = retainedEndedJobs;
    }

    public void add(Job job) {
        jobs.put(job.id(), job);
        withWork.addLast(job);
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

    /** The next chunk to hand out, taken from the jobs in turn; empty when no job has one. */
    public Optional<ChunkTask> nextTask() {
        while (!withWork.isEmpty()) {
            Job job = withWork.pollFirst();
            if (job.hasWork()) {
                ChunkTask task = job.nextTask();
                if (job.hasWork()) {
                    withWork.addLast(job);
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
        boolean hadWork = job.hasWork();
        job.retry(chunk);
        if (!hadWork && job.hasWork()) {
            withWork.addLast(job);
        }
    }

    /** Call when a job has ended: it is kept for its results, and the oldest ended jobs are dropped. */
    public void ended(Job job) {
        ended.addLast(job.id());
        while (ended.size() > retainedEndedJobs) {
            jobs.remove(ended.pollFirst());
        }
    }

    /** Forgets an ended job and its results. */
    public boolean remove(String id) {
        Job job = jobs.get(id);
        if (job == null || !job.state().isEnded()) {
            return false;
        }
        jobs.remove(id);
        ended.remove(id);
        return true;
    }
}
