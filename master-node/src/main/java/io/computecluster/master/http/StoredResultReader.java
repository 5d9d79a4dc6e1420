package io.computecluster.master.http;

import io.computecluster.master.job.ResultFormat;
import io.computecluster.master.store.StoredResults;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/** Downloads read through this node's result cache and the job store ({@link StoredResults}). */
final class StoredResultReader implements ResultReader {
    private final ActorSystem<?> system;

    StoredResultReader(ActorSystem<?> system) {
        this.system = system;
    }

    @Override
    public Download open(String jobId, Optional<ResultFormat> format) {
        StoredResults stored = new StoredResults(system, jobId, format);
        return new Download() {
            @Override
            public CompletionStage<Supplier<byte[]>> lines(int chunk, long sequenceNr) {
                return stored.lines(chunk, sequenceNr);
            }

            @Override
            public CompletionStage<ResultFormat> format() {
                return stored.format().exceptionally(thrown -> {
                    Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null
                            ? thrown.getCause() : thrown;
                    if (cause instanceof StoredResults.FormatRefused refused) {
                        throw ApiError.badRequest(refused.getMessage());
                    }
                    throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
                });
            }
        };
    }
}
