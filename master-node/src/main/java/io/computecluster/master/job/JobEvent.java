package io.computecluster.master.job;

import io.computecluster.common.column.Column;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import java.time.Instant;
import java.util.List;

/**
 * What a job's journal holds: its definition, the results of its chunks (each chunk once, in the
 * order they were recorded, several chunks to an event), and its cancellation. Replayed in order,
 * they rebuild the job as it was.
 */
public sealed interface JobEvent {

    /**
     * The first event of every job; {@code idempotencyKey} is the client's {@code Idempotency-Key}
     * it was submitted with, null without one.
     */
    record JobSubmitted(String jobId, JobSpec spec, Instant at, String idempotencyKey) implements JobEvent {
        public JobSubmitted(String jobId, JobSpec spec, Instant at) {
            this(jobId, spec, at, null);
        }
    }

    /** Chunks whose results arrived together; the job has ended when its last chunk is in. */
    record ChunksCompleted(List<ChunkResult> chunks, Instant at) implements JobEvent {
        private static final Numbers NO_VALUES = Numbers.of();

        /**
         * The event as replay needs it: which chunks are done, their failures and worker nodes,
         * not their values (those stay in the store), so that recovering a job of any size holds
         * none of its results.
         */
        public ChunksCompleted withoutValues() {
            return new ChunksCompleted(chunks.stream()
                    .map(chunk -> new ChunkResult(chunk.chunk(), NO_VALUES, chunk.errors(), chunk.workerNode()))
                    .toList(), at);
        }
    }

    record JobCancelled(Instant at) implements JobEvent {
    }

    /** One chunk's results; {@code errors} sorted by index, without repeats. */
    record ChunkResult(int chunk, Column values, List<TaskError> errors, String workerNode) {
    }
}
