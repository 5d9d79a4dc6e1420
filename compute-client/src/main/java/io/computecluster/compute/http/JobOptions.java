package io.computecluster.compute.http;

/**
 * What a job asks of the master besides its inputs.
 *
 * @param function       {@code NAME} or {@code NAME@VERSION}
 * @param args           a JSON object the function gets with every input, compact; null for none
 * @param chunkSize      inputs per task; null for the master's default
 * @param taskTimeout    how long one input may take, such as {@code 30s}; null for the master's default
 * @param idempotencyKey sent as {@code Idempotency-Key}, so that a submit sent again (its answer was
 *                       lost, its master went away) returns the job the first one made; null for none
 */
public record JobOptions(String function, String args, Integer chunkSize, String taskTimeout, String idempotencyKey) {

    /** A job with only a function and perhaps a chunk size, without an idempotency key. */
    public static JobOptions of(String function, Integer chunkSize) {
        return new JobOptions(function, null, chunkSize, null, null);
    }
}
