package io.computecluster.master.job;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.master.job.JobEvent.ChunkResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Completes chunks of a job as the job manager does ({@link Job#accept}, then {@link Job#recorded})
 * and keeps their results, as the job store would, to check the lines a download gets.
 */
final class RecordedResults {
    private static final Map<Job, Map<Integer, ChunkResult>> STORED = Collections.synchronizedMap(new WeakHashMap<>());

    private RecordedResults() {
    }

    /** Whether the chunk's results counted (false for a duplicate, a malformed result or an ended job). */
    static boolean complete(Job job, int chunk, Numbers values, List<TaskError> errors, String workerNode, Instant now) {
        Optional<ChunkResult> accepted = job.accept(chunk, values, errors, workerNode);
        if (accepted.isEmpty() || !job.recorded(accepted.get(), now, 1)) {
            return false;
        }
        STORED.computeIfAbsent(job, key -> new HashMap<>()).put(chunk, accepted.get());
        return true;
    }

    static String lines(Job job, int chunk) {
        ChunkResult result = STORED.getOrDefault(job, Map.of()).get(chunk);
        if (result == null) {
            throw new IllegalStateException("chunk " + chunk + " of job " + job.id() + " has no results");
        }
        return new String(ResultLines.of(job.spec(), chunk, result.values(),
                result.errors().isEmpty() ? null : result.errors()), StandardCharsets.UTF_8);
    }

    static String allLines(Job job) {
        StringBuilder out = new StringBuilder();
        for (int chunk = 0; chunk < job.chunkCount(); chunk++) {
            out.append(lines(job, chunk));
        }
        return out.toString();
    }
}
