package io.computecluster.master.http;

import io.computecluster.api.JobAccepted;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.manager.JobManagerProtocol;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * {@code /jobs}: submit ({@code POST}), list ({@code GET}); {@code /jobs/{id}}: status, with
 * {@code ?wait=} as a long poll ({@code GET}), cancel or delete ({@code DELETE}). A JSON body is
 * read whole within the size and time limits; a text or NDJSON body is streamed into the job
 * store line by line, of any size. Either is parsed off the threads that serve requests, and
 * stored before the job manager is asked to take it. A submission with the {@code Idempotency-Key}
 * of a kept job is answered with that job, its body unread ({@link IdempotencyKey}).
 */
final class JobRoutes extends AllDirectives {
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Pattern WAIT = Pattern.compile("(\\d{1,9})(ms|s)?");
    /** JSON Lines: one JSON value per line. */
    static final String NDJSON = "application/x-ndjson";

    private final JobManagerGateway jobManager;
    private final JobRequestParser requests;
    private final HttpApiSettings settings;
    private final ApiResponses responses;
    private final Executor cpuWork;
    /** Large job bodies are taken in one at a time (see LargeBodyGate). */
    private final LargeBodyGate largeBodies = new LargeBodyGate();
    private final StreamedJobBody streamedBodies;

    JobRoutes(JobManagerGateway jobManager, HttpApiSettings settings, ApiResponses responses, Executor cpuWork) {
        this.jobManager = jobManager;
        this.requests = new JobRequestParser(settings);
        this.settings = settings;
        this.responses = responses;
        this.cpuWork = cpuWork;
        this.streamedBodies = new StreamedJobBody(jobManager, requests, settings, cpuWork);
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
                optionalHeaderValueByName(IdempotencyKey.HEADER, keyHeader ->
                extractMaterializer(materializer -> extractRequestEntity(entity -> {
                    Optional<String> key;
                    try {
                        key = IdempotencyKey.parse(keyHeader);
                    } catch (ApiError e) {
                        return complete(responses.failure(e));
                    }
                    MediaType type = entity.getContentType().mediaType();
                    boolean isJson = type.equals(MediaTypes.APPLICATION_JSON);
                    boolean isText = type.equals(MediaTypes.TEXT_PLAIN);
                    boolean isNdjson = type.toString().equals(NDJSON);
                    if (!isJson && !isText && !isNdjson) {
                        return complete(responses.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                                "expected Content-Type application/json, application/x-ndjson or text/plain, got "
                                        + entity.getContentType()));
                    }
                    if (key.isEmpty()) {
                        return completeWithFuture(receive(entity, isNdjson, function, args, chunkSize, taskTimeout,
                                null, materializer));
                    }
                    // A retry whose job is kept: its body is read and dropped, not parsed or stored. It is
                    // read before the answer because a client still sending it may miss an answer that
                    // comes first (the connection is closed after an early answer).
                    return completeWithFuture(jobManager.keptJob(key.get())
                            .thenCompose(kept -> kept.id().isPresent()
                                    ? entity.withoutSizeLimit().discardBytes(materializer).completionStage()
                                            .thenApply(drained -> accepted(kept.id().get(), true))
                                    : receive(entity, isNdjson, function, args, chunkSize, taskTimeout, key.get(),
                                            materializer))
                            .exceptionally(responses::failure));
                })))))));
    }

    /** Reads and stores the body of a submission, then has its job admitted. */
    private CompletionStage<HttpResponse> receive(HttpEntity entity, boolean isNdjson, Optional<String> function,
                                                  Optional<String> args, Optional<String> chunkSize,
                                                  Optional<String> taskTimeout, String idempotencyKey,
                                                  Materializer materializer) {
        if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
            // One input per line: streamed into the job store, whatever the body's size.
            return streamedBodies.submit(entity, isNdjson, function, args, chunkSize, taskTimeout,
                    idempotencyKey, materializer).thenApply(this::submitted)
                    .exceptionally(responses::failure);
        }
        boolean large = LargeBodyGate.isLarge(entity);
        // The function's payload types decide how the body reads: ask what the workers offer first.
        CompletionStage<HttpResponse> response = jobManager.functions()
                .<JobSpec>thenCompose(offered -> (large ? largeBodies.enter()
                        : CompletableFuture.<Void>completedFuture(null))
                        .thenCompose(turn -> strict(entity, materializer))
                        .thenApplyAsync(body -> requests.fromJson(body.toArray(), offered.functions()),
                                cpuWork))
                .thenCompose(spec -> jobManager.submit(spec, idempotencyKey))
                .thenApply(this::submitted)
                .exceptionally(responses::failure);
        if (large) {
            response = response.whenComplete((done, failure) -> largeBodies.leave());
        }
        return response;
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
        JobManagerProtocol.Accepted accepted = (JobManagerProtocol.Accepted) reply;
        return accepted(accepted.id(), accepted.replayed());
    }

    /** 202 with the job's id; {@code replayed}: the job an earlier request with the same Idempotency-Key made. */
    private HttpResponse accepted(String id, boolean replayed) {
        HttpResponse response = responses.json(StatusCodes.ACCEPTED, new JobAccepted(id))
                .addHeader(Location.create("/jobs/" + id));
        return replayed ? response.addHeader(RawHeader.create(IdempotencyKey.REPLAYED_HEADER, "true")) : response;
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
