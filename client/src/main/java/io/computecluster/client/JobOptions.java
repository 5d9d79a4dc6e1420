package io.computecluster.client;

/**
 * What a job asks of the master besides its inputs.
 *
 * @param function    {@code NAME} or {@code NAME@VERSION}
 * @param args        a JSON object the function gets with every input, compact; null for none
 * @param chunkSize   inputs per task; null for the master's default
 * @param taskTimeout how long one input may take, such as {@code 30s}; null for the master's default
 */
public record JobOptions(String function, String args, Integer chunkSize, String taskTimeout) {

    /** A job with only a function and perhaps a chunk size. */
    public static JobOptions of(String function, Integer chunkSize) {
        return new JobOptions(function, null, chunkSize, null);
    }
}
