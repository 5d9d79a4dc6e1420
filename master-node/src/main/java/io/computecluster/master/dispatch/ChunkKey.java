package io.computecluster.master.dispatch;

/** Names one chunk of one job. */
public record ChunkKey(String jobId, int chunk) {
}
