package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /jobs/{id}} (and {@code DELETE /jobs/{id}}, and each entry of {@code GET /jobs})
 * answers: a job's state, its counts and, once inputs fail, the first failures. Times are
 * ISO-8601; {@code finishedAt} is null while the job runs.
 *
 * @param input          what the job computes over, for example {@code range 1..1000}
 * @param completed      inputs with a result
 * @param failed         inputs that failed
 * @param tasksPerSecond inputs done per second over the job's elapsed time, as the master counts them
 * @param errors         the first failures (at most 100)
 * @param workerNodes    inputs computed per worker node, keyed by {@code HOST:PORT}, in the order the
 *                       nodes first answered
 * @param version        the version of the function the job runs ({@code built-in} for square)
 * @param waitingFor     why a job that has not ended does not run now, such as no live worker
 *                       offering its function; null when nothing holds it up
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobStatus(String id, String function, String input, JobState state, long total, long completed,
                        long failed, int chunkSize, String submittedAt, String finishedAt, long elapsedMillis,
                        long tasksPerSecond, List<InputError> errors, Map<String, Long> workerNodes,
                        String version, String waitingFor) {

    public JobStatus {
        state = state == null ? JobState.UNKNOWN : state;
        errors = errors == null ? List.of() : errors;
        // Not copied: the nodes' order is part of the answer.
        workerNodes = workerNodes == null ? Map.of() : workerNodes;
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
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InputError(String input, String error) {
    }
}
