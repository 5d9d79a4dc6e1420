package io.computecluster.master.job;

import io.computecluster.common.column.Column;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.master.job.JobEvent.ChunkResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The bookkeeping of one job: which chunks are still to hand out, which are done, where their
 * results are stored, and the counts the API reports. Chunks are cut lazily; a chunk handed out again (lost worker,
 * timeout) is taken before fresh ones, and only the first result of each chunk counts.
 *
 * <p>A chunk's results count once they are in the job store: {@link #accept} takes the first
 * result of a chunk and holds the chunk while it is being recorded (no other worker gets it),
 * {@link #recorded} makes it done, {@link #notRecorded} hands it out again. {@link #replay}
 * rebuilds a job from its stored events. The results themselves live in the job store only
 * (and a node's {@link io.computecluster.master.store.ResultCache}): a job of any size costs the
 * heap a few bits and a long per chunk.
 */
public final class Job {
    /** Failures listed in the job's status; the count covers all of them. */
    static final int LISTED_ERRORS = 100;
    /**
     * Longest input and message text a listed failure keeps: a status must stay well inside one
     * Artery frame to reach another master's API (100 failures of 10,000-digit inputs would not).
     * The results keep every input whole.
     */
    static final int LISTED_INPUT_CHARS = 64;
    static final int LISTED_MESSAGE_CHARS = 300;

    private final String id;
    private final JobSpec spec;
    private final int chunkCount;
    private final Instant submittedAt;
    private final BitSet done;
    private final ArrayDeque<Integer> again = new ArrayDeque<>();
    private final BitSet queuedAgain;
    /** Chunks whose results are on their way to the job store. */
    private final BitSet recording = new BitSet();
    /** For each done chunk, the sequence number of the stored event that holds its results. */
    private final long[] storedIn;
    private final List<JobStatus.InputError> listedErrors = new ArrayList<>();
    private final Map<String, Long> perWorkerNode = new TreeMap<>();
    private int nextFresh;
    private int chunksDone;
    private long completed;
    private long failed;
    private JobState state = JobState.QUEUED;
    private Instant finishedAt;
    /** The client's Idempotency-Key of the submission, null without one. */
    private String idempotencyKey;

    public Job(String id, JobSpec spec, Instant submittedAt) {
        this.id = id;
        this.spec = spec;
        this.chunkCount = spec.chunkCount();
        this.submittedAt = submittedAt;
        this.done = new BitSet(chunkCount);
        this.queuedAgain = new BitSet();
        this.storedIn = new long[chunkCount];
    }

    /** The job as its stored events leave it; event {@code i} is sequence number {@code i + 1}. */
    public static Job replay(List<JobEvent> events) {
        if (events.isEmpty() || !(events.get(0) instanceof JobEvent.JobSubmitted submitted)) {
            throw new IllegalArgumentException("a job's events start with JobSubmitted, got "
                    + (events.isEmpty() ? "none" : events.get(0).getClass().getSimpleName()));
        }
        Job job = new Job(submitted.jobId(), submitted.spec(), submitted.at());
        job.idempotencyKey = submitted.idempotencyKey();
        for (int i = 1; i < events.size(); i++) {
            JobEvent event = events.get(i);
            if (event instanceof JobEvent.ChunksCompleted completed) {
                for (ChunkResult chunk : completed.chunks()) {
                    if (job.state == JobState.QUEUED) {
                        job.state = JobState.RUNNING;
                    }
                    job.recorded(chunk, completed.at(), i + 1);
                }
            } else if (event instanceof JobEvent.JobCancelled cancelled) {
                job.cancel(cancelled.at());
            }
        }
        // Chunks handed out before the replay are no one's now: every chunk not done goes out again.
        return job;
    }

    public String id() {
        return id;
    }

    /** The Idempotency-Key the job was submitted with, null without one. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    public JobSpec spec() {
        return spec;
    }

    public Instant submittedAt() {
        return submittedAt;
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
        while (!again.isEmpty() && (done.get(again.peekFirst()) || recording.get(again.peekFirst()))) {
            queuedAgain.clear(again.pollFirst());
        }
        while (nextFresh < chunkCount && (done.get(nextFresh) || recording.get(nextFresh))) {
            nextFresh++;
        }
        return !again.isEmpty() || nextFresh < chunkCount;
    }

    /** The chunk {@link #nextTask} hands out next; call only when {@link #hasWork()}. */
    public int nextChunk() {
        if (!hasWork()) {
            throw new IllegalStateException("job " + id + " has no chunk to hand out");
        }
        return again.isEmpty() ? nextFresh : again.peekFirst();
    }

    /**
     * Up to {@code count} chunks in the order they are to be handed out (chunks handed out again
     * first): those whose stored inputs are worth reading ahead.
     */
    public List<Integer> upcoming(int count) {
        List<Integer> chunks = new ArrayList<>(count);
        if (!hasWork()) {
            return chunks;
        }
        for (int chunk : again) {
            if (chunks.size() == count) {
                return chunks;
            }
            if (!done.get(chunk) && !recording.get(chunk)) {
                chunks.add(chunk);
            }
        }
        for (int chunk = nextFresh; chunk < chunkCount && chunks.size() < count; chunk++) {
            if (!done.get(chunk) && !recording.get(chunk)) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    /** The next chunk to hand out, its inputs cut from the job's; call only when {@link #hasWork()} and they are in the heap. */
    public ChunkTask nextTask() {
        int chunk = nextChunk();
        long offset = (long) chunk * spec.chunkSize();
        return nextTask(spec.inputs().slice(offset, count(chunk)));
    }

    /** The next chunk to hand out, {@link #nextChunk()}, with its inputs {@code inputs} (read from the store). */
    public ChunkTask nextTask(Column inputs) {
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
        if (inputs.size() != count(chunk)) {
            throw new IllegalArgumentException("chunk " + chunk + " of job " + id + " has " + count(chunk)
                    + " inputs, not " + inputs.size());
        }
        return new ChunkTask(id, chunk, spec.call(), inputs);
    }

    /** How many inputs chunk {@code chunk} has. */
    public int count(int chunk) {
        long offset = (long) chunk * spec.chunkSize();
        return (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
    }

    /** Hands chunk {@code chunk} out again (its worker was lost or is too slow), unless it is done. */
    public void retry(int chunk) {
        if (!state.isEnded() && chunk >= 0 && chunk < nextFresh && !done.get(chunk) && !recording.get(chunk)
                && !queuedAgain.get(chunk)) {
            again.addLast(chunk);
            queuedAgain.set(chunk);
        }
    }

    /**
     * Takes the results of a chunk computed on {@code workerNode}, to be recorded: empty for a
     * duplicate (the chunk is done or being recorded) or a result that does not fit the chunk.
     */
    public Optional<ChunkResult> accept(int chunk, Column values, List<TaskError> chunkErrors, String workerNode) {
        if (state.isEnded() || chunk < 0 || chunk >= chunkCount || done.get(chunk) || recording.get(chunk)) {
            return Optional.empty();
        }
        long offset = (long) chunk * spec.chunkSize();
        int count = (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
        if (values.size() != count) {
            return Optional.empty();
        }
        List<TaskError> failures = validErrors(chunkErrors, count);
        if (failures == null) {
            return Optional.empty();
        }
        recording.set(chunk);
        return Optional.of(new ChunkResult(chunk, values, failures, workerNode));
    }

    /**
     * The chunk's results are in the store, in event {@code sequenceNr}: the chunk is done. Returns
     * false when it was done already or the job has ended; the job ends with its last chunk.
     */
    public boolean recorded(ChunkResult result, Instant now, long sequenceNr) {
        return recorded(result, now, sequenceNr, null);
    }

    /**
     * As {@link #recorded(ChunkResult, Instant, long)}, with the chunk's inputs when they are at
     * hand ({@code inputs}, or null): a failed input is listed with its text, or, for stored inputs
     * no longer held, as {@code #N}, its 0-based position among the job's inputs.
     */
    public boolean recorded(ChunkResult result, Instant now, long sequenceNr, Column inputs) {
        int chunk = result.chunk();
        recording.clear(chunk);
        if (state.isEnded() || chunk < 0 || chunk >= chunkCount || done.get(chunk)) {
            return false;
        }
        long offset = (long) chunk * spec.chunkSize();
        int count = (int) Math.min(spec.chunkSize(), spec.inputs().total() - offset);
        List<TaskError> failures = result.errors();
        done.set(chunk);
        chunksDone++;
        storedIn[chunk] = sequenceNr;
        if (!failures.isEmpty()) {
            failed += failures.size();
            Column held = spec.inputs().inHeap() ? spec.inputs().slice(offset, count)
                    : inputs != null && inputs.size() == count ? inputs : null;
            for (TaskError error : failures) {
                if (listedErrors.size() < LISTED_ERRORS) {
                    listedErrors.add(new JobStatus.InputError(
                            held == null ? "#" + (offset + error.index())
                                    : shortened(ResultLines.display(held, error.index(), spec.inputType())),
                            error.message().length() <= LISTED_MESSAGE_CHARS ? error.message()
                                    : error.message().substring(0, LISTED_MESSAGE_CHARS) + "…"));
                }
            }
        }
        completed += count - failures.size();
        perWorkerNode.merge(result.workerNode(), (long) count, Long::sum);
        if (chunksDone == chunkCount) {
            state = failed == 0 ? JobState.SUCCEEDED : JobState.FAILED;
            finishedAt = now;
        }
        return true;
    }

    /** The chunk's results could not be stored: it is handed out again. */
    public void notRecorded(ChunkResult result) {
        recording.clear(result.chunk());
        retry(result.chunk());
    }

    /**
     * A long input as its first and last characters and its length: {@code 12345…67890 (10000 digits)},
     * or {@code chars} for an input that is not an integer.
     */
    static String shortened(String input) {
        if (input.length() <= LISTED_INPUT_CHARS) {
            return input;
        }
        int half = LISTED_INPUT_CHARS / 2 - 8;
        String unit = input.matches("-?[0-9]+") ? input.replace("-", "").length() + " digits"
                : input.length() + " chars";
        return input.substring(0, half) + "…" + input.substring(input.length() - half) + " (" + unit + ")";
    }

    /** {@link #storedIn} of every chunk, in chunk order. */
    public long[] storedInAll() {
        return storedIn.clone();
    }

    /** {@link #storedIn} of chunks {@code from} to {@code from + count - 1}. */
    public long[] storedIn(int from, int count) {
        return java.util.Arrays.copyOfRange(storedIn, from, from + count);
    }

    /** The sequence number of the stored event holding a done chunk's results. */
    public long storedIn(int chunk) {
        return storedIn[chunk];
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
        recording.clear();
        return true;
    }

    /** Whether the job ended with results: SUCCEEDED or FAILED (a failed job has its other results). */
    public boolean hasResults() {
        return state == JobState.SUCCEEDED || state == JobState.FAILED;
    }

    /** Whether chunk {@code chunk} has its results. */
    public boolean isDone(int chunk) {
        return chunk >= 0 && chunk < chunkCount && done.get(chunk);
    }

    public JobStatus status(Instant now) {
        return status(now, null);
    }

    /** The job's status; {@code waitingFor} says why it does not run, or is null when nothing holds it up. */
    public JobStatus status(Instant now, String waitingFor) {
        Instant end = finishedAt != null ? finishedAt : now;
        long elapsedMillis = Math.max(0, Duration.between(submittedAt, end).toMillis());
        long perSecond = elapsedMillis == 0 ? completed * 1000 : (completed + failed) * 1000 / elapsedMillis;
        return new JobStatus(id, spec.function(), spec.inputs().describe(), state, spec.inputs().total(), completed,
                failed, spec.chunkSize(), submittedAt.toString(), finishedAt == null ? null : finishedAt.toString(),
                elapsedMillis, perSecond, List.copyOf(listedErrors), new LinkedHashMap<>(perWorkerNode),
                spec.call().version(), state.isEnded() ? null : waitingFor);
    }
}
