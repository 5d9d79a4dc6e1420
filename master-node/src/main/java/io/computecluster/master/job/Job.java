package io.computecluster.master.job;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bookkeeping of one job: which chunks are still to hand out, which are done, their results,
 * and the counts the API reports. Chunks are cut lazily; a chunk handed out again (lost worker,
 * timeout) is taken before fresh ones, and only the first result of each chunk counts.
 */
public final class Job {
    /** Failures listed in the job's status; the count covers all of them. */
    static final int LISTED_ERRORS = 100;

    private final String id;
    private final JobSpec spec;
    private final int chunkCount;
    private final Instant submittedAt;
    private final Numbers[] results;
    @SuppressWarnings("unchecked")
    private final List<TaskError>[] errors;
    private final BitSet done;
    private final ArrayDeque<Integer> again = new ArrayDeque<>();
    private final BitSet queuedAgain;
    private final List<JobStatus.InputError> listedErrors = new ArrayList<>();
    private final Map<String, Long> perWorkerNode = new TreeMap<>();
    private int nextFresh;
    private int chunksDone;
    private long completed;
    private long failed;
    private JobState state = JobState.QUEUED;
    private Instant finishedAt;

    @SuppressWarnings("unchecked")
    public Job(String id, JobSpec spec, Instant submittedAt) {
        this.id = id;
        this.spec = spec;
        this.chunkCount = spec.chunkCount();
        this.submittedAt = submittedAt;
        this.results = new Numbers[chunkCount];
        this.errors = new List[chunkCount];
        this.done = new BitSet(chunkCount);
        this.queuedAgain = new BitSet();
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
    }

    public JobState state() {
        return state;
    }

    public int chunkCount() {
        return chunkCount;
    }

    public long completed() {
        return completed;
    }

    public long failed() {
        return failed;
    }

    /** Whether a chunk is waiting to be handed out. */
    public boolean hasWork() {
        if (state.isEnded()) {
            return false;
        }
        while (!again.isEmpty() && done.get(again.peekFirst())) {
            queuedAgain.clear(again.pollFirst());
        }
        return !again.isEmpty() || nextFresh < chunkCount;
    }

    /** The next chunk to hand out; call only when {@link #hasWork()}. */
    public ChunkTask nextTask() {
        if (!hasWork()) {
            throw new IllegalStateException("job " + id + " has no chunk to hand out");
        }
        int chunk;
        if (again.isEmpty()) {
            chunk = nextFresh++;
        } else {
            chunk = again.pollFirst();
            queuedAgain.clear(chunk);
        }
        if (state == JobState.QUEUED) {
            state = JobState.RUNNING;
        }
        long offset = (long) chunk * spec.chunkSize();
        int count = (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
        return new ChunkTask(id, chunk, spec.function(), spec.inputs().slice(offset, count));
    }

    /** Hands chunk {@code chunk} out again (its worker was lost or is too slow), unless it is done. */
    public void retry(int chunk) {
        if (!state.isEnded() && chunk >= 0 && chunk < nextFresh && !done.get(chunk) && !queuedAgain.get(chunk)) {
            again.addLast(chunk);
            queuedAgain.set(chunk);
        }
    }

    /**
     * Records the results of a chunk computed on {@code workerNode}. Returns false for a duplicate
     * or a result that does not fit the chunk (ignored); the job ends when its last chunk is in.
     */
    public boolean complete(int chunk, Numbers values, List<TaskError> chunkErrors, String workerNode, Instant now) {
        if (state.isEnded() || chunk < 0 || chunk >= chunkCount || done.get(chunk)) {
            return false;
        }
        long offset = (long) chunk * spec.chunkSize();
        int count = (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
        if (values.size() != count) {
            return false;
        }
        List<TaskError> failures = validErrors(chunkErrors, count);
        if (failures == null) {
            return false;
        }
        done.set(chunk);
        chunksDone++;
        results[chunk] = values;
        if (!failures.isEmpty()) {
            errors[chunk] = failures;
            failed += failures.size();
            Numbers inputs = spec.inputs().slice(offset, count);
            for (TaskError error : failures) {
                if (listedErrors.size() < LISTED_ERRORS) {
                    listedErrors.add(new JobStatus.InputError(inputs.bigAt(error.index()).toString(), error.message()));
                }
            }
        }
        completed += count - failures.size();
        perWorkerNode.merge(workerNode, (long) count, Long::sum);
        if (chunksDone == chunkCount) {
            state = failed == 0 ? JobState.SUCCEEDED : JobState.FAILED;
            finishedAt = now;
        }
        return true;
    }

    /**
     * The errors sorted by index with repeats dropped, or null when an index is outside the chunk:
     * such a result is malformed and ignored, like one of the wrong size.
     */
    private static List<TaskError> validErrors(List<TaskError> chunkErrors, int count) {
        if (chunkErrors.isEmpty()) {
            return List.of();
        }
        List<TaskError> sorted = new ArrayList<>(chunkErrors);
        sorted.sort(Comparator.comparingInt(TaskError::index));
        List<TaskError> unique = new ArrayList<>(sorted.size());
        for (TaskError error : sorted) {
            if (error.index() < 0 || error.index() >= count) {
                return null;
            }
            if (unique.isEmpty() || unique.get(unique.size() - 1).index() != error.index()) {
                unique.add(error);
            }
        }
        return List.copyOf(unique);
    }

    /** Stops the job: nothing more is handed out and late results are ignored. */
    public boolean cancel(Instant now) {
        if (state.isEnded()) {
            return false;
        }
        state = JobState.CANCELLED;
        finishedAt = now;
        again.clear();
        queuedAgain.clear();
        return true;
    }

    /** The results, once the job succeeded or failed. */
    public JobResults results() {
        if (state != JobState.SUCCEEDED && state != JobState.FAILED) {
            throw new IllegalStateException("job " + id + " is " + state);
        }
        return new JobResults(spec, results, errors);
    }

    /** Whether chunk {@code chunk} has its results. */
    public boolean isDone(int chunk) {
        return chunk >= 0 && chunk < chunkCount && done.get(chunk);
    }

    /**
     * The results of the chunks done so far, for streaming while the job runs: only chunks for
     * which {@link #isDone} was true when this view was handed out may be read from it.
     */
    public JobResults resultsSoFar() {
        return new JobResults(spec, results, errors);
    }

    public JobStatus status(Instant now) {
        Instant end = finishedAt != null ? finishedAt : now;
        long elapsedMillis = Math.max(0, Duration.between(submittedAt, end).toMillis());
        long perSecond = elapsedMillis == 0 ? completed * 1000 : (completed + failed) * 1000 / elapsedMillis;
        return new JobStatus(id, spec.function(), spec.inputs().describe(), state, spec.inputs().total(), completed,
                failed, spec.chunkSize(), submittedAt.toString(), finishedAt == null ? null : finishedAt.toString(),
                elapsedMillis, perSecond, List.copyOf(listedErrors), new LinkedHashMap<>(perWorkerNode));
    }
}
