package io.computecluster.master.manager;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.master.dispatch.ChunkKey;
import io.computecluster.master.job.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inputs of the next few chunks of each job whose inputs are in the job store, read ahead so
 * that the job manager hands chunks out without waiting on the store: which chunks to read
 * ({@link #toRead}), what was read ({@link #loaded}), and what is taken to be handed out
 * ({@link #take}). It holds at most about {@code budgetBytes} of inputs between all jobs (always
 * one chunk of a job, however large). The chunks handed out last stay a while, within a quarter of
 * the budget, so that a failed input is listed with its text ({@link #handedOut}).
 *
 * <p>The job manager does the reading and says when it is done; this class only decides.
 */
final class InputReadAhead {
    /** Chunks of a job read ahead of those handed out. */
    static final int CHUNKS_AHEAD = 4;

    private final long budgetBytes;
    private final Map<ChunkKey, Column> loaded = new HashMap<>();
    private final Set<ChunkKey> reading = new HashSet<>();
    private final Map<ChunkKey, Column> handedOut = new LinkedHashMap<>();
    private long loadedBytes;
    private long handedOutBytes;

    InputReadAhead(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /**
     * The chunks of {@code job} to start reading now, marked as being read: of its next
     * {@link #CHUNKS_AHEAD} to hand out, those neither read nor being read, while the budget
     * allows (a job with nothing read or being read always gets one).
     */
    List<Integer> toRead(Job job) {
        List<Integer> start = new ArrayList<>();
        if (job.spec().inputs().inHeap()) {
            return start;
        }
        // A chunk read for a second hand-out whose first worker answered after all is not needed.
        loaded.entrySet().removeIf(entry -> {
            if (entry.getKey().jobId().equals(job.id()) && job.isDone(entry.getKey().chunk())) {
                loadedBytes -= bytesOf(entry.getValue());
                return true;
            }
            return false;
        });
        boolean holdsSome = false;
        List<Integer> upcoming = job.upcoming(CHUNKS_AHEAD);
        for (int chunk : upcoming) {
            ChunkKey key = new ChunkKey(job.id(), chunk);
            holdsSome |= loaded.containsKey(key) || reading.contains(key);
        }
        for (int chunk : upcoming) {
            ChunkKey key = new ChunkKey(job.id(), chunk);
            if (loaded.containsKey(key) || reading.contains(key)) {
                continue;
            }
            if (holdsSome && loadedBytes >= budgetBytes) {
                break;
            }
            reading.add(key);
            start.add(chunk);
            holdsSome = true;
        }
        return start;
    }

    /** Chunk {@code chunk}'s inputs were read; dropped when its job was forgotten meanwhile. */
    void loaded(String jobId, int chunk, Column inputs) {
        ChunkKey key = new ChunkKey(jobId, chunk);
        if (reading.remove(key) && !loaded.containsKey(key)) {
            loaded.put(key, inputs);
            loadedBytes += bytesOf(inputs);
        }
    }

    /** Reading chunk {@code chunk}'s inputs failed: {@link #toRead} offers it again. */
    void failed(String jobId, int chunk) {
        reading.remove(new ChunkKey(jobId, chunk));
    }

    /** Chunk {@code chunk}'s inputs, taken to be handed out, or null while they are not read. */
    Column take(String jobId, int chunk) {
        ChunkKey key = new ChunkKey(jobId, chunk);
        Column inputs = loaded.remove(key);
        if (inputs == null) {
            return null;
        }
        long bytes = bytesOf(inputs);
        loadedBytes -= bytes;
        Column before = handedOut.remove(key);
        if (before != null) {
            handedOutBytes -= bytesOf(before);
        }
        handedOut.put(key, inputs);
        handedOutBytes += bytes;
        for (Iterator<Map.Entry<ChunkKey, Column>> oldest = handedOut.entrySet().iterator();
             handedOutBytes > budgetBytes / 4 && oldest.hasNext(); ) {
            handedOutBytes -= bytesOf(oldest.next().getValue());
            oldest.remove();
        }
        return inputs;
    }

    /** The inputs of a chunk handed out, while still held (null otherwise); they go once its results are in. */
    Column handedOut(String jobId, int chunk) {
        return handedOut.get(new ChunkKey(jobId, chunk));
    }

    /** Chunk {@code chunk}'s results are in: its inputs are not needed again. */
    void done(String jobId, int chunk) {
        Column inputs = handedOut.remove(new ChunkKey(jobId, chunk));
        if (inputs != null) {
            handedOutBytes -= bytesOf(inputs);
        }
    }

    /** Drops everything of a job that ended or was erased; reads under way are dropped when they end. */
    void forget(String jobId) {
        loaded.entrySet().removeIf(entry -> {
            if (entry.getKey().jobId().equals(jobId)) {
                loadedBytes -= bytesOf(entry.getValue());
                return true;
            }
            return false;
        });
        handedOut.entrySet().removeIf(entry -> {
            if (entry.getKey().jobId().equals(jobId)) {
                handedOutBytes -= bytesOf(entry.getValue());
                return true;
            }
            return false;
        });
        reading.removeIf(key -> key.jobId().equals(jobId));
    }

    /** Bytes of inputs read ahead, not handed out yet. */
    long loadedBytes() {
        return loadedBytes;
    }

    /** About the bytes a column takes in the heap. */
    static long bytesOf(Column column) {
        if (column instanceof Blobs blobs) {
            return 4L * blobs.size() + blobs.dataLength();
        }
        return 8L * column.size();
    }
}
