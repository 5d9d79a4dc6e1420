package io.computecluster.master.http;

import io.computecluster.master.job.ResultFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Reads a job's results where the job manager says they are (the job store, or this node's cache
 * of the results it stored last), as the lines of the results download.
 */
@FunctionalInterface
public interface ResultReader {

    /** A reader for one download of job {@code jobId}'s results in {@code format}, or the job's default format. */
    Download open(String jobId, Optional<ResultFormat> format);

    /** One download: it may keep what it read for the chunks that follow. */
    @FunctionalInterface
    interface Download {
        /** The lines of chunk {@code chunk}, whose results are in the job's event {@code sequenceNr}, formatted when asked. */
        CompletionStage<Supplier<byte[]>> lines(int chunk, long sequenceNr);

        /**
         * The format of the lines: the one asked for, or the job's default; fails with an
         * {@link ApiError} when the job's results cannot take the one asked for.
         */
        default CompletionStage<ResultFormat> format() {
            return CompletableFuture.completedFuture(ResultFormat.TSV);
        }
    }
}
