package io.computecluster.master.http;

import io.computecluster.api.JobAccepted;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.common.column.Column;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.manager.JobSubmission;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;

/**
 * {@code /jobs}: submit ({@code POST}), list ({@code GET}); {@code /jobs/{id}}: status, with
 * {@code ?wait=} as a long poll ({@code GET}), cancel or delete ({@code DELETE}). A JSON body is
 * read whole within the size and time limits; a text or NDJSON body is streamed into the job
 * store line by line, of any size. Either is parsed off the threads that serve requests, and
 * stored before the job manager is asked to take it.
 */
final class JobRoutes extends AllDirectives {
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Pattern WAIT = Pattern.compile("(\\d{1,9})(ms|s)?");
    /** JSON Lines: one JSON value per line. */
    static final String NDJSON = "application/x-ndjson";
    /** Lines of a streamed body parsed in one go off the stream's thread. */
    private static final int LINES_AT_ONCE = 1024;
    /** What a streamed body must bring in each request-body-timeout, unless it ends. */
    static final long MIN_PACE_BYTES = 64 * 1024;

    private final JobManagerGateway jobManager;
    private final JobRequestParser requests;
    private final HttpApiSettings settings;
    private final ApiResponses responses;
    private final Executor cpuWork;
    /** Large job bodies are taken in one at a time (see LargeBodyGate). */
    private final LargeBodyGate largeBodies = new LargeBodyGate();

    JobRoutes(JobManagerGateway jobManager, HttpApiSettings settings, ApiResponses responses, Executor cpuWork) {
        this.jobManager = jobManager;
        this.requests = new JobRequestParser(settings);
        this.settings = settings;
        this.responses = responses;
        this.cpuWork = cpuWork;
    }

    Route route() {
        return pathPrefix("jobs", () -> concat(
                pathEndOrSingleSlash(() -> concat(
                        post(this::submit),
                        get(() -> completeWithFuture(list())))),
                pathPrefix(PathMatchers.segment(), id -> pathEndOrSingleSlash(() -> concat(
                        get(() -> parameterOptional("wait", wait -> completeWithFuture(status(id, wait)))),
                        delete(() -> completeWithFuture(cancel(id))))))));
    }

    private Route submit() {
        return parameterOptional("function", function -> parameterOptional("chunkSize", chunkSize ->
                parameterOptional("args", args -> parameterOptional("taskTimeout", taskTimeout ->
                extractMaterializer(materializer -> extractRequestEntity(entity -> {
                    MediaType type = entity.getContentType().mediaType();
                    boolean isJson = type.equals(MediaTypes.APPLICATION_JSON);
                    boolean isText = type.equals(MediaTypes.TEXT_PLAIN);
                    boolean isNdjson = type.toString().equals(NDJSON);
                    if (!isJson && !isText && !isNdjson) {
                        return complete(responses.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                                "expected Content-Type application/json, application/x-ndjson or text/plain, got "
                                        + entity.getContentType()));
                    }
                    if (!isJson) {
                        // One input per line: streamed into the job store, whatever the body's size.
                        return completeWithFuture(streamed(entity, isNdjson, function, args, chunkSize, taskTimeout,
                                materializer));
                    }
                    boolean large = LargeBodyGate.isLarge(entity);
                    // The function's payload types decide how the body reads: ask what the workers offer first.
                    CompletionStage<HttpResponse> response = jobManager.functions()
                            .<JobSpec>thenCompose(offered -> (large ? largeBodies.enter()
                                    : CompletableFuture.<Void>completedFuture(null))
                                    .thenCompose(turn -> strict(entity, materializer))
                                    .thenApplyAsync(body -> requests.fromJson(body.toArray(), offered.functions()),
                                            cpuWork))
                            .thenCompose(jobManager::submit)
                            .thenApply(this::submitted)
                            .exceptionally(responses::failure);
                    if (large) {
                        response = response.whenComplete((done, failure) -> largeBodies.leave());
                    }
                    return completeWithFuture(response);
                }))))));
    }


    /** A job given as a body whose inputs can be stored. */
    private record Streamed(String id, JobSpec spec) {
    }

    /**
     * A text or NDJSON body: read line by line as it arrives, typed as {@link JobRequestParser}
     * types a line, and stored in blocks as they fill, no faster than the store takes them; then
     * the job is submitted. A body whose inputs fit in one small block is submitted as a list
     * instead. What a body that is refused stored is erased.
     */
    private CompletionStage<HttpResponse> streamed(HttpEntity entity, boolean ndjson, Optional<String> function,
                                                   Optional<String> args, Optional<String> chunkSize,
                                                   Optional<String> taskTimeout, Materializer materializer) {
        return jobManager.functions()
                .thenApply(offered -> new LineInputs(requests, requests.lineRequest(ndjson, function, args, chunkSize,
                        taskTimeout, offered.functions())))
                .thenCompose(lines -> {
                    String id = jobManager.newJobId();
                    return store(entity, lines, id, materializer)
                            .whenComplete((stored, failure) -> {
                                if (failure != null) {
                                    jobManager.abandon(id);
                                }
                            })
                            .thenCompose(stored -> jobManager.submit(stored.id(), stored.spec()));
                })
                .thenApply(this::submitted)
                .exceptionally(responses::failure);
    }

    private CompletionStage<Streamed> store(HttpEntity entity, LineInputs lines, String id, Materializer materializer) {
        // One input may take half a message; its line may be longer by its JSON quoting or base64.
        int maxLine = (int) Math.min(Integer.MAX_VALUE - 2, settings.maxMessageBytes() + 1024);
        AtomicInteger framed = new AtomicInteger();
        AtomicInteger blocks = new AtomicInteger();
        AtomicLong received = new AtomicLong();
        AtomicBoolean arrived = new AtomicBoolean();
        Pair<UniqueKillSwitch, CompletionStage<Done>> run = entity.withoutSizeLimit().getDataBytes()
                .map(bytes -> {
                    received.addAndGet(bytes.size());
                    return bytes;
                })
                .watchTermination((unused, done) -> {
                    done.thenRun(() -> arrived.set(true));
                    return NotUsed.getInstance();
                })
                .viaMat(KillSwitches.single(), Keep.right())
                .via(Framing.delimiter(ByteString.fromString("\n"), maxLine, FramingTruncation.ALLOW))
                .map(frame -> {
                    framed.addAndGet(linesIn(frame));
                    return frame;
                })
                // Parsed off the threads that serve requests, some lines at a time.
                .grouped(LINES_AT_ONCE)
                .mapAsync(1, frames -> CompletableFuture.supplyAsync(() -> {
                    List<Column> full = new ArrayList<>(1);
                    for (ByteString frame : frames) {
                        for (String line : split(frame)) {
                            Column block = lines.add(line);
                            if (block != null) {
                                full.add(block);
                            }
                        }
                    }
                    return full;
                }, cpuWork))
                .mapConcat(full -> full)
                .mapAsync(1, block -> {
                    lines.written();
                    return jobManager.appendInputs(id, blocks.getAndIncrement(), block);
                })
                .toMat(Sink.ignore(), Keep.both())
                .run(materializer);
        // A client that sends its body too slowly (a slow-loris) gets a 408 rather than holding a
        // request open: each request-body-timeout must bring the rest of the body or MIN_PACE_BYTES.
        // (A store slow enough to hold the body back that long is failing anyway.)
        long[] before = {0};
        scala.concurrent.duration.FiniteDuration window = scala.concurrent.duration.FiniteDuration.create(
                settings.requestBodyTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        Cancellable pace = materializer.scheduleAtFixedRate(window, window, () -> {
            long now = received.get();
            if (!arrived.get() && now - before[0] < MIN_PACE_BYTES) {
                run.first().abort(new BodyTooSlow(before[0] == 0));
            }
            before[0] = now;
        });
        CompletionStage<Done> read = run.second().whenComplete((done, failure) -> pace.cancel());
        return read.handle((done, failure) -> {
            if (failure == null) {
                return null;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof FramingException) {
                throw requests.lineTooLong(framed.get() + 1, maxLine);
            }
            if (cause instanceof BodyTooSlow slow) {
                throw new ApiError(StatusCodes.REQUEST_TIMEOUT, (slow.atStart ? "the request body did not arrive within "
                        : "the request body brought less than " + MIN_PACE_BYTES + " bytes in ")
                        + settings.requestBodyTimeout().toSeconds() + " s (compute.master.request-body-timeout)", null);
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        }).thenComposeAsync(nothing -> {
            Column last = lines.finish();
            InputSource small = lines.smallList(JobSubmission.INLINE_INPUTS);
            JobRequestParser.LineRequest request = lines.request();
            if (small != null) {
                return CompletableFuture.completedFuture(new Streamed(id, requests.spec(request.function(),
                        request.args(), request.timeoutMillis(), request.chunkSize(), small)));
            }
            CompletionStage<Void> written = last == null ? CompletableFuture.completedFuture(null)
                    : jobManager.appendInputs(id, blocks.getAndIncrement(), last);
            return written.thenApply(stored -> new Streamed(id, requests.spec(request.function(), request.args(),
                    request.timeoutMillis(), request.chunkSize(), lines.stored())));
        }, cpuWork);
    }

    /** A streamed body that came too slowly: {@code atStart}, before its first {@link #MIN_PACE_BYTES}. */
    private static final class BodyTooSlow extends RuntimeException {
        final boolean atStart;

        BodyTooSlow(boolean atStart) {
            super("the request body came too slowly", null, false, false);
            this.atStart = atStart;
        }
    }

    /** The lines of a frame between two line feeds: a carriage return ends a line too, as for a BufferedReader. */
    static List<String> split(ByteString frame) {
        int at = frame.indexOf((byte) '\r');
        if (at < 0) {
            return List.of(frame.decodeString(StandardCharsets.UTF_8));
        }
        List<String> lines = new ArrayList<>(2);
        int from = 0;
        while (at >= 0) {
            lines.add(frame.slice(from, at).decodeString(StandardCharsets.UTF_8));
            from = at + 1;
            at = frame.indexOf((byte) '\r', from);
        }
        if (from < frame.size()) {
            lines.add(frame.slice(from, frame.size()).decodeString(StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static int linesIn(ByteString frame) {
        int count = 0;
        for (int at = frame.indexOf((byte) '\r'); at >= 0; at = frame.indexOf((byte) '\r', at + 1)) {
            count++;
        }
        return frame.isEmpty() || frame.last() != '\r' ? count + 1 : count;
    }

    private HttpResponse submitted(JobManagerProtocol.SubmitReply reply) {
        if (reply instanceof JobManagerProtocol.Busy busy) {
            return responses.retryLater(StatusCodes.TOO_MANY_REQUESTS, busy.unfinished() + " jobs are queued or"
                    + " running, at most " + busy.limit() + " at once (compute.master.max-running-jobs): try again"
                    + " once one has ended");
        }
        if (reply instanceof JobManagerProtocol.ListsBusy lists) {
            return responses.retryLater(StatusCodes.TOO_MANY_REQUESTS, "the unfinished jobs given as lists hold "
                    + lists.held() + " inputs in the master's memory; with this job's " + lists.inputs()
                    + " that passes " + lists.limit() + " (compute.master.max-running-list-inputs): try again once"
                    + " one has ended, or submit a range");
        }
        if (reply instanceof JobManagerProtocol.NotAccepted refused) {
            return responses.error(StatusCodes.SERVICE_UNAVAILABLE, "job not accepted: " + refused.reason());
        }
        String id = ((JobManagerProtocol.Accepted) reply).id();
        return responses.json(StatusCodes.ACCEPTED, new JobAccepted(id)).addHeader(Location.create("/jobs/" + id));
    }

    private CompletionStage<ByteString> strict(HttpEntity entity, Materializer materializer) {
        // A body announced larger than the limit is refused before it is read: toStrict would fail
        // it with a generic EntityStreamException rather than the EntityStreamSizeException that a
        // chunked body past the limit gets.
        OptionalLong announced = entity.getContentLengthOption();
        if (announced.isPresent() && announced.getAsLong() > settings.maxRequestBytes()) {
            return CompletableFuture.failedFuture(responses.tooLarge());
        }
        // A client that sends its body too slowly (a slow-loris) gets a 408 rather than holding a request open.
        // The size limit on the entity's stream (the server sets the same one) fails a body past it with the
        // EntityStreamSizeException answered 413, before toStrict's own check would with a generic one.
        return entity.withSizeLimit(settings.maxRequestBytes())
                .toStrict(settings.requestBodyTimeout().toMillis(), settings.maxRequestBytes(), materializer)
                .<ByteString>thenApply(HttpEntity.Strict::getData)
                .exceptionally(thrown -> {
                    Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null
                            ? thrown.getCause() : thrown;
                    if (cause instanceof java.util.concurrent.TimeoutException) {
                        throw new ApiError(StatusCodes.REQUEST_TIMEOUT, "the request body did not arrive within "
                                + settings.requestBodyTimeout().toSeconds() + " s (compute.master.request-body-timeout)",
                                null);
                    }
                    throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
                });
    }

    private CompletionStage<HttpResponse> list() {
        return jobManager.list()
                .thenApply(list -> responses.ok(ApiViews.jobs(list)))
                .exceptionally(responses::failure);
    }

    /** The job's status; with {@code wait}, as soon as it ends but at most that long from now. */
    private CompletionStage<HttpResponse> status(String id, Optional<String> wait) {
        Duration maxWait;
        try {
            maxWait = wait.map(JobRoutes::waitDuration).orElse(Duration.ZERO);
        } catch (ApiError e) {
            return CompletableFuture.completedFuture(responses.failure(e));
        }
        return (wait.isPresent() ? jobManager.awaitEnd(id, maxWait) : jobManager.status(id))
                .thenApply(found -> found.tooManyWaiting() > 0 ? responses.tooManyWaiting(found.tooManyWaiting())
                        : found.status().map(job -> responses.ok(ApiViews.job(job)))
                                .orElseGet(() -> responses.unknownJob(id)))
                .exceptionally(responses::failure);
    }

    /** {@code 250ms}, {@code 10s} or a number of seconds; at most {@link #MAX_WAIT}. */
    static Duration waitDuration(String text) {
        Matcher matcher = WAIT.matcher(text.trim());
        if (!matcher.matches()) {
            throw ApiError.badRequest("wait: expected a duration such as 500ms or 10s, got '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration wait = "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
        if (wait.compareTo(MAX_WAIT) > 0) {
            throw ApiError.badRequest("wait: at most " + MAX_WAIT.toSeconds() + "s, got '" + text + "'");
        }
        return wait;
    }

    private CompletionStage<HttpResponse> cancel(String id) {
        return jobManager.cancel(id)
                .thenApply(found -> found.status().map(job -> responses.ok(ApiViews.job(job)))
                        .orElseGet(() -> responses.unknownJob(id)))
                .exceptionally(responses::failure);
    }
}
