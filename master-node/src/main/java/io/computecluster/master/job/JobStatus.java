package io.computecluster.master.job;

import io.computecluster.master.serialization.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * A job's state as the API shows it ({@code GET /jobs/{id}}). Times are ISO-8601;
 * {@code errors} holds the first failures, {@code workerNodes} the inputs each worker node computed,
 * {@code version} the version of the function the job runs, {@code waitingFor} why a job that has
 * not ended does not run now (no live worker offers its function), or null.
 */
public record JobStatus(String id, String function, String input, JobState state, long total, long completed,
                        long failed, int chunkSize, String submittedAt, String finishedAt, long elapsedMillis,
                        long tasksPerSecond, List<InputError> errors, Map<String, Long> workerNodes,
                        String version, String waitingFor)
        implements CborSerializable {

    /** One failed input and why. */
    public record InputError(String input, String error) {
    }
}
