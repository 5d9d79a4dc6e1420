package io.computecluster.master.store;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.job.JobEvent.ChunkResult;
import io.computecluster.master.job.JobSpec;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The results a master node wrote to the job store last, kept for downloads up to a byte budget
 * ({@code compute.master.result-cache-size}), and the definitions of its jobs. The store holds
 * every result; this only spares small and recent jobs a read, so a job of any size costs the
 * heap no more than the budget. The job manager fills it as results are stored and empties it of
 * a job it deletes; downloads read it from any thread.
 */
public final class ResultCache implements Extension {
    /** Definitions kept: those of the jobs the job manager holds, and of a few it no longer does. */
    private static final int DEFINITIONS = 4096;
    /** What a cached chunk costs besides its values: keys, map entry, list. */
    private static final long ENTRY_BYTES = 96;

    public static final ExtensionId<ResultCache> ID = new ExtensionId<>() {
        @Override
        public ResultCache createExtension(ActorSystem<?> system) {
            // The master checked the setting at start (MasterSettings).
            return new ResultCache(system.settings().config().getBytes("compute.master.result-cache-size"));
        }
    };

    private record Key(String jobId, int chunk) {
    }

    private final long budgetBytes;
    private final LinkedHashMap<Key, ChunkResult> chunks = new LinkedHashMap<>(256, 0.75f, true);
    private final LinkedHashMap<String, JobSpec> definitions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobSpec> eldest) {
            return size() > DEFINITIONS;
        }
    };
    private long usedBytes;

    public ResultCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    public static ResultCache get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    public synchronized void define(String jobId, JobSpec spec) {
        definitions.put(jobId, spec);
    }

    /** The job's definition, or null when this node does not know it (read it from the store). */
    public synchronized JobSpec definition(String jobId) {
        return definitions.get(jobId);
    }

    /** Keeps a chunk's stored results, dropping the least recently used past the budget. */
    public synchronized void put(String jobId, ChunkResult result) {
        long size = bytes(result);
        if (size > budgetBytes) {
            return;
        }
        ChunkResult previous = chunks.put(new Key(jobId, result.chunk()), result);
        usedBytes += size - (previous == null ? 0 : bytes(previous));
        Iterator<ChunkResult> eldest = chunks.values().iterator();
        while (usedBytes > budgetBytes && eldest.hasNext()) {
            usedBytes -= bytes(eldest.next());
            eldest.remove();
        }
    }

    /** A chunk's results, or null when they must be read from the store. */
    public synchronized ChunkResult get(String jobId, int chunk) {
        return chunks.get(new Key(jobId, chunk));
    }

    /** Forgets a deleted job. */
    public synchronized void forget(String jobId) {
        definitions.remove(jobId);
        Iterator<Map.Entry<Key, ChunkResult>> entries = chunks.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Key, ChunkResult> entry = entries.next();
            if (entry.getKey().jobId().equals(jobId)) {
                usedBytes -= bytes(entry.getValue());
                entries.remove();
            }
        }
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    static long bytes(ChunkResult result) {
        long errors = 0;
        for (var error : result.errors()) {
            errors += 48 + 2L * error.message().length();
        }
        return ENTRY_BYTES + bytes(result.values()) + errors;
    }

    private static long bytes(Column values) {
        if (values instanceof Blobs blobs) {
            return 4L * blobs.size() + blobs.dataLength();
        }
        if (values instanceof Numbers.MixedArray mixed) {
            long big = 0;
            for (var value : mixed.bigs()) {
                big += value == null ? 0 : 40 + value.bitLength() / 8;
            }
            return 16L * mixed.longs().length + big;
        }
        return 8L * values.size();
    }
}
