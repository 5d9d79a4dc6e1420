package io.computecluster.master.http;

import io.computecluster.master.job.JobStatus;
import io.computecluster.master.job.ResultFormat;
import io.computecluster.master.manager.JobManagerProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /jobs/{id}/results}: the results in input order, once the job has ended, as
 * {@code INPUT<TAB>RESULT} lines (integer functions' default) or JSON Lines ({@code ?format=jsonl},
 * or {@code Accept: application/x-ndjson}, the other functions' default); with {@code ?follow=true}, streamed while it runs, each chunk as soon as
 * it and those before it are done. {@code ?from=N} starts at result line N (0-based), so that a
 * download that broke off goes on where it stopped. The job manager says where each chunk's
 * results are; the lines are read there and formatted on all cores, in order.
 */
final class ResultRoutes extends AllDirectives {
    private static final int FORMATTING_PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Chunks in flight per download: enough to hide each chunk's hops, about 1 MiB of text at most. */
    private static final long IN_FLIGHT_TEXT_BYTES = 1 << 20;
    private static final int MOST_CHUNKS_IN_FLIGHT = 64;
    /** A download asks where the results of this many chunks are at once. */
    static final int STORED_IN_BLOCK = 1024;
    /** JSON Lines, UTF-8. */
    static final ContentType.NonBinary NDJSON_UTF8 = ContentTypes.create(
            MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8, "ndjson", "jsonl"));

    private final JobManagerGateway jobManager;
    private final ResultReader reader;
    private final ApiResponses responses;
    private final Executor cpuWork;

    ResultRoutes(JobManagerGateway jobManager, ResultReader reader, ApiResponses responses, Executor cpuWork) {
        this.jobManager = jobManager;
        this.reader = reader;
        this.responses = responses;
        this.cpuWork = cpuWork;
    }

    Route route() {
        return pathPrefix("jobs", () -> pathPrefix(PathMatchers.segment(), id -> path("results", () ->
                get(() -> parameterOptional("follow", follow -> parameterOptional("format", format ->
                        parameterOptional("from", from -> optionalHeaderValueByName("Accept", accept -> {
                            Optional<ResultFormat> requested;
                            ResultStart start;
                            try {
                                requested = requestedFormat(format, accept);
                                start = ResultStart.parse(from);
                            } catch (ApiError e) {
                                return complete(responses.failure(e));
                            }
                            return completeWithFuture(results(id, follow.map("true"::equals).orElse(false),
                                    requested, start));
                        }))))))));
    }

    /** {@code ?format=jsonl|tsv}, else JSON Lines when the client accepts only them, else the job's default. */
    static Optional<ResultFormat> requestedFormat(Optional<String> format, Optional<String> accept) {
        if (format.isPresent()) {
            return Optional.of(ResultFormat.named(format.get()).orElseThrow(() -> ApiError.badRequest(
                    "format: expected jsonl or tsv, got '" + format.get() + "'")));
        }
        if (accept.isPresent() && accept.get().contains(JobRoutes.NDJSON) && !accept.get().contains("text/plain")) {
            return Optional.of(ResultFormat.JSONL);
        }
        return Optional.empty();
    }

    private CompletionStage<HttpResponse> results(String id, boolean follow, Optional<ResultFormat> requested,
                                                  ResultStart start) {
        return jobManager.results(id)
                .thenCompose(reply -> {
                    if (reply instanceof JobManagerProtocol.ResultsStored stored) {
                        return endedResults(id, stored, requested, start);
                    }
                    if (reply instanceof JobManagerProtocol.NoResults none) {
                        JobStatus status = none.status();
                        if (follow && !status.state().isEnded()) {
                            ResultReader.Download download = reader.open(id, requested);
                            return download.format().thenApply(format -> start.pastEnd(status.total())
                                    ? nothing(contentType(format))
                                    : linesResponse(contentType(format), chunkCount(status), status.chunkSize(),
                                            start, streamOfChunks(id, download)));
                        }
                        return CompletableFuture.completedFuture(responses.error(StatusCodes.CONFLICT, "job " + id
                                + " is " + status.state() + (status.state().isEnded() ? ": it has no results"
                                        : ": results are served once it has ended (or with ?follow=true)")));
                    }
                    return CompletableFuture.completedFuture(responses.unknownJob(id));
                })
                .exceptionally(responses::failure);
    }

    /**
     * An ended job's results. A small job's answer says where each chunk's results are, so they
     * are read at once, and a job of one chunk is answered whole rather than streamed: its latency
     * is the API's.
     */
    private CompletionStage<HttpResponse> endedResults(String id, JobManagerProtocol.ResultsStored stored,
                                                       Optional<ResultFormat> requested, ResultStart start) {
        int chunks = chunkCount(stored.status());
        int chunkSize = stored.status().chunkSize();
        long[] storedIn = stored.storedIn();
        ResultReader.Download download = reader.open(id, requested);
        return download.format().thenCompose(format -> {
            ContentType.NonBinary type = contentType(format);
            if (start.pastEnd(stored.status().total())) {
                return CompletableFuture.completedFuture(nothing(type));
            }
            if (storedIn.length != chunks) {
                return CompletableFuture.completedFuture(storedResponse(type, id, chunks, chunkSize, start, download));
            }
            if (chunks == 1) {
                return download.lines(0, storedIn[0]).thenApplyAsync(lines -> HttpResponse.create()
                        .withEntity(HttpEntities.create(type, start.from(0, chunkSize, lines.get()))), cpuWork);
            }
            return CompletableFuture.completedFuture(linesResponse(type, chunks, chunkSize, start,
                    chunk -> download.lines(chunk, storedIn[chunk])));
        });
    }

    /** No lines: a download that starts at or past the last one. */
    private static HttpResponse nothing(ContentType.NonBinary type) {
        return HttpResponse.create().withEntity(HttpEntities.create(type, new byte[0]));
    }

    private static ContentType.NonBinary contentType(ResultFormat format) {
        return format == ResultFormat.JSONL ? NDJSON_UTF8 : ContentTypes.TEXT_PLAIN_UTF8;
    }

    /** An ended job's results, asking the job manager where they are a block of chunks at a time. */
    private HttpResponse storedResponse(ContentType.NonBinary type, String id, int chunks, int chunkSize,
                                        ResultStart start, ResultReader.Download download) {
        Source<ByteString, ?> lines = Source.range(start.chunk(chunkSize), chunks - 1)
                .grouped(STORED_IN_BLOCK)
                .mapAsync(1, block -> jobManager.storedIn(id, block.get(0), block.size())
                        .thenApply(reply -> {
                            if (!(reply instanceof JobManagerProtocol.StoredIn where)) {
                                throw new IllegalStateException("job " + id + " was deleted while its results were"
                                        + " being read");
                            }
                            List<long[]> located = new ArrayList<>(block.size());
                            for (int i = 0; i < block.size(); i++) {
                                located.add(new long[] {block.get(0) + i, where.sequenceNrs()[i]});
                            }
                            return located;
                        }))
                .mapConcat(located -> located)
                .mapAsync(chunksInFlight(chunkSize), chunk -> download.lines((int) chunk[0], chunk[1])
                        .thenApplyAsync(formatted -> ByteString.fromArrayUnsafe(
                                start.from((int) chunk[0], chunkSize, formatted.get())), cpuWork));
        return HttpResponse.create().withEntity(HttpEntities.createChunked(type, lines));
    }

    /** Small chunks are many: more of them in flight hide the hops each one takes. */
    private static int chunksInFlight(int chunkSize) {
        long fitting = IN_FLIGHT_TEXT_BYTES / (24L * chunkSize);
        return (int) Math.max(FORMATTING_PARALLELISM, Math.min(MOST_CHUNKS_IN_FLIGHT, fitting));
    }

    private static int chunkCount(JobStatus status) {
        return (int) ((status.total() + status.chunkSize() - 1) / status.chunkSize());
    }

    /** Chunks formatted on all cores at once (formatting is the costly part) and streamed in order. */
    private HttpResponse linesResponse(ContentType.NonBinary type, int chunks, int chunkSize, ResultStart start,
                                       Function<Integer, CompletionStage<Supplier<byte[]>>> linesOf) {
        Source<ByteString, ?> lines = Source.range(start.chunk(chunkSize), chunks - 1)
                .mapAsync(chunksInFlight(chunkSize), chunk -> linesOf.apply(chunk).thenApplyAsync(
                        formatted -> ByteString.fromArrayUnsafe(start.from(chunk, chunkSize, formatted.get())),
                        cpuWork));
        return HttpResponse.create().withEntity(HttpEntities.createChunked(type, lines));
    }

    /** Each chunk's lines once it is done, read from the job store through {@code download}. */
    private Function<Integer, CompletionStage<Supplier<byte[]>>> streamOfChunks(String id,
                                                                              ResultReader.Download download) {
        return chunk -> jobManager.awaitChunk(id, chunk)
                .thenCompose(reply -> {
                    if (reply instanceof JobManagerProtocol.ChunkStored where) {
                        return download.lines(chunk, where.sequenceNr());
                    }
                    if (reply instanceof JobManagerProtocol.TooManyWaiting busy) {
                        throw new IllegalStateException("the master has " + busy.limit() + " requests waiting already"
                                + " (compute.master.max-waiting-requests): follow the job again shortly");
                    }
                    throw new IllegalStateException("job " + id + " stopped before chunk " + chunk + " was done: "
                            + (reply instanceof JobManagerProtocol.NoResults none ? none.status().state()
                                    : "unknown job"));
                });
    }
}
