package io.computecluster.master.manager;

import io.computecluster.master.job.JobEvent.ChunkResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which accepted results go to the job store next, and whether the store works. Results wait
 * until the job manager flushes them: those that arrive before the flush go in the same write.
 * A job has one write in flight at a time; results that arrive meanwhile wait for the next.
 * A failed write hands its results back to be computed again, and marks the store failing until
 * a write succeeds; while it fails, flushes come at a slower pace ({@link #retryDelay()}).
 */
final class ResultRecorder {
    /** Results accepted and not yet written, per job, in the order jobs first had one. */
    private final Map<String, List<ChunkResult>> waiting = new LinkedHashMap<>();
    /** Results being written, per job. */
    private final Map<String, List<ChunkResult>> writing = new HashMap<>();
    private boolean flushScheduled;
    /** Why the store fails, or null while it works. */
    private String storeProblem;

    /**
     * Takes a result to write. Returns true when the caller is to schedule a flush: none is
     * scheduled yet.
     */
    boolean add(String jobId, ChunkResult result) {
        waiting.computeIfAbsent(jobId, id -> new ArrayList<>()).add(result);
        return schedule();
    }

    /** True when the caller is to schedule a flush: none is scheduled yet. */
    private boolean schedule() {
        if (flushScheduled) {
            return false;
        }
        flushScheduled = true;
        return true;
    }

    /** The results to write now, one batch per job that has no write in flight. */
    Map<String, List<ChunkResult>> flush() {
        flushScheduled = false;
        Map<String, List<ChunkResult>> batches = new LinkedHashMap<>();
        for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!writing.containsKey(entry.getKey())) {
                it.remove();
                writing.put(entry.getKey(), entry.getValue());
                batches.put(entry.getKey(), entry.getValue());
            }
        }
        return batches;
    }

    /**
     * The job's write succeeded. Returns true when the caller is to schedule a flush: results of
     * the job came meanwhile and none is scheduled.
     */
    boolean written(String jobId) {
        writing.remove(jobId);
        return waiting.containsKey(jobId) && schedule();
    }

    /**
     * The store took a write again after failing: returns what had failed (null if it was not
     * failing), and the store counts as working from now on.
     */
    String recovered() {
        String problem = storeProblem;
        storeProblem = null;
        return problem;
    }

    /**
     * The job's write failed, or its journal stopped: returns the results that were being written
     * (empty if none), which are to be computed again.
     */
    List<ChunkResult> writeFailed(String jobId) {
        List<ChunkResult> lost = writing.remove(jobId);
        return lost == null ? List.of() : lost;
    }

    /**
     * Results of this job still wait (its journal stopped, say): returns true when the caller is
     * to schedule a flush for them, none being scheduled yet.
     */
    boolean flushFor(String jobId) {
        return waiting.containsKey(jobId) && schedule();
    }

    /** Marks the store failing; returns true when it worked until now. */
    boolean storeFailed(String what) {
        boolean first = storeProblem == null;
        storeProblem = what;
        return first;
    }

    /** Why the store fails, or null while it works. */
    String storeProblem() {
        return storeProblem;
    }

    /** Drops what waits for a job that was cancelled or deleted; a write in flight goes on. */
    void dropWaiting(String jobId) {
        waiting.remove(jobId);
    }

    /** Drops everything of a job that is forgotten. */
    void forget(String jobId) {
        waiting.remove(jobId);
        writing.remove(jobId);
    }
}
