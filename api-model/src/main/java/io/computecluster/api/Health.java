package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What {@code GET /health} answers with {@code 200}: this node is Up in the cluster and the job
 * manager answers. A {@code 503} answers an {@link ErrorBody} instead.
 *
 * @param status       always {@code UP}
 * @param member       this node's cluster membership, always {@code Up}
 * @param workerActors the worker actors the job manager serves
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(String status, String member, int workerActors) {

    public static Health up(int workerActors) {
        return new Health("UP", "Up", workerActors);
    }
}
