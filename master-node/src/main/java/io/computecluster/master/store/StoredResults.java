package io.computecluster.master.store;

import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobResults;
import io.computecluster.master.job.JobSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A job's results read from the job store with Pekko Persistence Query, for a master node that
 * serves the API while the job manager runs on another node (results never cross the cluster).
 * One per download: it keeps the job's definition and the last events read, since consecutive
 * chunks are often in the same event.
 */
public final class StoredResults {
    private static final int CACHED_EVENTS = 16;

    private final ActorSystem<?> system;
    private final JdbcReadJournal journal;
    private final String persistenceId;
    private final String jobId;
    private final CompletionStage<JobSpec> spec;
    private final Map<Long, CompletionStage<JobEvent>> events = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompletionStage<JobEvent>> eldest) {
            return size() > CACHED_EVENTS;
        }
    };

    public StoredResults(ActorSystem<?> system, String jobId) {
        this.system = system;
        this.journal = PersistenceQuery.get(Adapter.toClassic(system))
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        this.jobId = jobId;
        this.persistenceId = JobStore.persistenceId(jobId);
        this.spec = read(1).thenApply(event -> {
            if (event instanceof JobEvent.JobSubmitted submitted) {
                return submitted.spec();
            }
            throw new IllegalStateException("job " + jobId + " has no definition in the job store");
        });
    }

    /** The lines of chunk {@code chunk}, whose results are in the job's event {@code sequenceNr}, formatted when asked. */
    public CompletionStage<Supplier<byte[]>> lines(int chunk, long sequenceNr) {
        return spec.thenCombine(event(sequenceNr), (definition, event) -> {
            if (event instanceof JobEvent.ChunksCompleted completed) {
                for (JobEvent.ChunkResult result : completed.chunks()) {
                    if (result.chunk() == chunk) {
                        return () -> JobResults.lines(definition, chunk, result.values(),
                                result.errors().isEmpty() ? null : result.errors());
                    }
                }
            }
            throw new IllegalStateException("the results of chunk " + chunk + " of job " + jobId
                    + " are not in its event " + sequenceNr + " in the job store");
        });
    }

    private synchronized CompletionStage<JobEvent> event(long sequenceNr) {
        return events.computeIfAbsent(sequenceNr, this::read);
    }

    private CompletionStage<JobEvent> read(long sequenceNr) {
        return journal.currentEventsByPersistenceId(persistenceId, sequenceNr, sequenceNr)
                .map(EventEnvelope::event)
                .runWith(Sink.head(), system)
                .thenApply(event -> (JobEvent) event)
                .exceptionally(failure -> {
                    if (failure instanceof NoSuchElementException || failure.getCause() instanceof NoSuchElementException) {
                        throw new IllegalStateException("event " + sequenceNr + " of job " + jobId
                                + " is not in the job store");
                    }
                    throw failure instanceof RuntimeException runtime ? runtime
                            : new java.util.concurrent.CompletionException(failure);
                });
    }
}
