package io.computecluster.client;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /jobs/{id}} answers: the state of a job, its counts and, once inputs fail, the
 * first failures. Fields the master leaves out are {@code null} or zero.
 *
 * @param completed   inputs with a result
 * @param failed      inputs that failed
 * @param errors      the first failures (at most 100)
 * @param workerNodes inputs computed per worker node, keyed by {@code HOST:PORT}
 */
public record JobStatus(String id, String function, JobState state, long total, long completed, long failed,
                        Integer chunkSize, String submittedAt, String finishedAt, long elapsedMillis,
                        double tasksPerSecond, List<InputError> errors, Map<String, Long> workerNodes) {

    public JobStatus {
        state = state == null ? JobState.UNKNOWN : state;
        errors = errors == null ? List.of() : List.copyOf(errors);
        workerNodes = workerNodes == null ? Map.of() : Map.copyOf(workerNodes);
    }

    /** Inputs done either way. */
    public long done() {
        return completed + failed;
    }

    /**
     * Inputs per second over the job's own elapsed time, so that it matches the time shown next to
     * it; the master's figure when the elapsed time is unknown.
     */
    public double throughput() {
        return elapsedMillis > 0 ? done() * 1000.0 / elapsedMillis : tasksPerSecond;
    }

    /** One failed input and why it failed. */
    public record InputError(String input, String error) {
    }
}
