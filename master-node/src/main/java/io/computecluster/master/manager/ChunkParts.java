package io.computecluster.master.manager;

import io.computecluster.common.column.Column;
import io.computecluster.common.column.Columns;
import io.computecluster.common.protocol.WorkerProtocol.ChunkPart;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol.ToWorker;
import io.computecluster.master.dispatch.ChunkKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The {@link ChunkPart}s received of the chunks whose results do not fit one message, per worker
 * and chunk, until the chunk's ChunkDone comes from that worker and {@link #join}s them with its
 * own results into the chunk's. The job manager keeps parts only of chunks their worker holds, and
 * drops them when the chunk is taken from it (a lost, unreachable or silent worker) or its job
 * ends: a chunk computed again starts again from its first part.
 */
final class ChunkParts {

    /** A chunk's results and errors, joined from its parts and its ChunkDone. */
    record Joined(Column results, List<TaskError> errors) {
    }

    private record Key(ActorRef<ToWorker> worker, String jobId, int chunk) {
    }

    private final Map<Key, List<ChunkPart>> parts = new HashMap<>();

    /** Keeps {@code part}, after those received before it from its worker for its chunk. */
    void add(ChunkPart part) {
        parts.computeIfAbsent(new Key(part.worker(), part.jobId(), part.chunkId()), key -> new ArrayList<>()).add(part);
    }

    /** The parts received from {@code worker} for {@code chunk}, in order (empty: none), now forgotten. */
    List<ChunkPart> take(ActorRef<ToWorker> worker, ChunkKey chunk) {
        if (parts.isEmpty()) {
            // The usual case, once per chunk: no key made.
            return List.of();
        }
        List<ChunkPart> taken = parts.remove(new Key(worker, chunk.jobId(), chunk.chunk()));
        return taken == null ? List.of() : taken;
    }

    /** Forgets the parts of {@code chunk}, from every worker: it was taken from its worker. */
    void dropChunk(ChunkKey chunk) {
        parts.keySet().removeIf(key -> key.chunk() == chunk.chunk() && key.jobId().equals(chunk.jobId()));
    }

    /** Forgets the parts {@code worker} sent: it is gone. */
    void dropWorker(ActorRef<ToWorker> worker) {
        parts.keySet().removeIf(key -> key.worker().equals(worker));
    }

    /** Forgets the parts of {@code jobId}'s chunks: the job ended, was cancelled or erased. */
    void dropJob(String jobId) {
        parts.keySet().removeIf(key -> key.jobId().equals(jobId));
    }

    /** Chunks with parts kept. */
    int chunks() {
        return parts.size();
    }

    /**
     * The results of a chunk of {@code size} inputs: those of {@code received} (its parts, in the
     * order they came) followed by {@code lastResults} (its ChunkDone's), and the errors of all of
     * them (already indexed in the chunk). Throws IllegalArgumentException, saying why, when they
     * do not make up the chunk: a part missing, or results not of the chunk's size.
     */
    static Joined join(List<ChunkPart> received, Column lastResults, List<TaskError> lastErrors, int size) {
        List<Column> columns = new ArrayList<>(received.size() + 1);
        List<TaskError> errors = new ArrayList<>();
        int at = 0;
        for (ChunkPart part : received) {
            if (part.from() != at) {
                throw new IllegalArgumentException("a part starts at input " + part.from() + " where input " + at
                        + " was expected");
            }
            int end = at + part.results().size();
            checkErrors(part.errors(), at, end);
            columns.add(part.results());
            errors.addAll(part.errors());
            at = end;
        }
        if (at + lastResults.size() != size) {
            throw new IllegalArgumentException("parts of " + at + " and a last part of " + lastResults.size()
                    + " results for a chunk of " + size + " inputs");
        }
        checkErrors(lastErrors, at, size);
        columns.add(lastResults);
        errors.addAll(lastErrors);
        return new Joined(Columns.concat(columns), List.copyOf(errors));
    }

    private static void checkErrors(List<TaskError> errors, int from, int to) {
        for (TaskError error : errors) {
            if (error.index() < from || error.index() >= to) {
                throw new IllegalArgumentException("error of input " + error.index() + " in the part of inputs "
                        + from + " to " + (to - 1));
            }
        }
    }
}
