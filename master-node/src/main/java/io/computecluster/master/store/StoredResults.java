package io.computecluster.master.store;

import io.computecluster.common.column.Column;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent.ChunkResult;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.ResultFormat;
import io.computecluster.master.job.ResultLines;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One download of a job's results: each chunk from this node's {@link ResultCache} when it is
 * there, else from the job's event in the job store. It keeps the last events read, since
 * consecutive chunks are often in the same event, and for a job whose inputs are in the store
 * the last input blocks read, which consecutive chunks share.
 */
public final class StoredResults {
    private static final int CACHED_EVENTS = 16;
    private static final int CACHED_BLOCKS = 4;

    private final String jobId;
    private final ResultCache cache;
    private final JobStore store;
    private final Map<Long, CompletionStage<JobEvent>> events = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompletionStage<JobEvent>> eldest) {
            return size() > CACHED_EVENTS;
        }
    };
    private final Map<Integer, CompletionStage<Column>> blocks = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, CompletionStage<Column>> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };
    private final Optional<ResultFormat> requested;
    private CompletionStage<JobSpec> spec;

    /** The results cannot be written in the format asked for (TSV of text inputs, say). */
    public static final class FormatRefused extends RuntimeException {
        FormatRefused(String message) {
            super(message);
        }
    }

    /** A download through the node's cache and job store, in the job's default format. */
    public StoredResults(ActorSystem<?> system, String jobId) {
        this(system, jobId, Optional.empty());
    }

    /** A download through the node's cache and job store, in {@code format} or else the job's default. */
    public StoredResults(ActorSystem<?> system, String jobId, Optional<ResultFormat> format) {
        this(ResultCache.get(system), JdbcJobStore.get(system), jobId, format);
    }

    public StoredResults(ResultCache cache, JobStore store, String jobId) {
        this(cache, store, jobId, Optional.empty());
    }

    public StoredResults(ResultCache cache, JobStore store, String jobId, Optional<ResultFormat> format) {
        this.jobId = jobId;
        this.cache = cache;
        this.store = store;
        this.requested = format;
    }

    /** The format of the lines; fails with {@link FormatRefused} when the job's results cannot take the one asked. */
    public CompletionStage<ResultFormat> format() {
        return spec().thenApply(this::formatOf);
    }

    private ResultFormat formatOf(JobSpec definition) {
        ResultFormat format = requested.orElse(ResultFormat.defaultFor(definition));
        if (!format.fits(definition)) {
            throw new FormatRefused("format " + format.wireName() + " needs a function of integers; "
                    + definition.function() + " takes " + definition.inputType().wireName() + ": use format jsonl");
        }
        return format;
    }

    /** The lines of chunk {@code chunk}, whose results are in the job's event {@code sequenceNr}, formatted when asked. */
    public CompletionStage<Supplier<byte[]>> lines(int chunk, long sequenceNr) {
        ChunkResult cached = cache.get(jobId, chunk);
        CompletionStage<ChunkResult> result = cached != null ? CompletableFuture.completedFuture(cached)
                : event(sequenceNr).thenApply(event -> chunkIn(event, chunk, sequenceNr));
        return spec().thenCompose(definition -> inputs(definition, chunk).thenCombine(result, (inputs, found) -> () ->
                ResultLines.of(definition, formatOf(definition), chunk, inputs, found.values(),
                        found.errors().isEmpty() ? null : found.errors())));
    }

    /** The inputs of chunk {@code chunk}: cut from the definition's, or read from the store's blocks. */
    private CompletionStage<Column> inputs(JobSpec definition, int chunk) {
        long offset = (long) chunk * definition.chunkSize();
        int count = (int) Math.min(definition.chunkSize(), definition.inputs().total() - offset);
        if (definition.inputs() instanceof InputSource.Stored stored) {
            return stored.slice(offset, count, this::block);
        }
        return CompletableFuture.completedFuture(definition.inputs().slice(offset, count));
    }

    private synchronized CompletionStage<Column> block(int block) {
        return blocks.computeIfAbsent(block, number -> store.readInputs(jobId, number));
    }

    private ChunkResult chunkIn(JobEvent event, int chunk, long sequenceNr) {
        if (event instanceof JobEvent.ChunksCompleted completed) {
            for (ChunkResult result : completed.chunks()) {
                if (result.chunk() == chunk) {
                    return result;
                }
            }
        }
        throw new IllegalStateException("the results of chunk " + chunk + " of job " + jobId
                + " are not in its event " + sequenceNr + " in the job store");
    }

    private synchronized CompletionStage<JobSpec> spec() {
        if (spec == null) {
            JobSpec known = cache.definition(jobId);
            spec = known != null ? CompletableFuture.completedFuture(known) : event(1).thenApply(event -> {
                if (event instanceof JobEvent.JobSubmitted submitted) {
                    return submitted.spec();
                }
                throw new IllegalStateException("job " + jobId + " has no definition in the job store");
            });
        }
        return spec;
    }

    private synchronized CompletionStage<JobEvent> event(long sequenceNr) {
        return events.computeIfAbsent(sequenceNr, number -> store.read(jobId, number));
    }
}
