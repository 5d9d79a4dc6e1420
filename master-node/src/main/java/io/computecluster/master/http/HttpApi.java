package io.computecluster.master.http;

import io.computecluster.master.store.JdbcJobStore;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.master.manager.JobSubmission;
import io.computecluster.master.manager.JobManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.MasterSettings;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.metrics.MasterMetrics;
import io.computecluster.master.store.StoredResults;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's HTTP API: jobs, their results, the cluster and health. Every answer is JSON but the
 * results stream; every error is {@code {"error": "..."}} with the right status. The job manager
 * is reached through its cluster singleton proxy, so any master node can serve the API.
 */
public final class HttpApi extends AllDirectives {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    /** How long a followed stream waits for one chunk (a job with no workers makes no progress). */
    private static final Duration FOLLOW_TIMEOUT = Duration.ofHours(1);
    private static final int FORMATTING_PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Chunks in flight per download: enough to hide each chunk's hops, about 1 MiB of text at most. */
    private static final long IN_FLIGHT_TEXT_BYTES = 1 << 20;
    private static final int MOST_CHUNKS_IN_FLIGHT = 64;
    /** A download asks where the results of this many chunks are at once. */
    private static final int STORED_IN_BLOCK = 1024;
    private static final Pattern WAIT = Pattern.compile("(\\d{1,9})(ms|s)?");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +(\\S+) *");
    /** Seconds a client refused for too many running jobs is told to wait before it tries again. */
    static final int RETRY_AFTER_SECONDS = 5;

    /** The Prometheus text exposition format, version 0.0.4. */
    private static final ContentType.NonBinary PROMETHEUS_TEXT = ContentTypes.create(
            MediaTypes.customWithOpenCharset("text", "plain", Map.of("version", "0.0.4"), false), HttpCharsets.UTF_8);

    private final ActorSystem<?> system;
    private final ActorRef<MasterCommand> jobManager;
    private final MasterSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final JobRequestParser requests;
    private final JobSubmission submission;
    /** Large job bodies are taken in one at a time (see LargeBodyGate). */
    private final LargeBodyGate largeBodies = new LargeBodyGate();
    private final Executor cpuWork;
    private final Duration requestTimeout;

    public HttpApi(ActorSystem<?> system, ActorRef<MasterCommand> jobManager, MasterSettings settings) {
        this.system = system;
        this.jobManager = jobManager;
        this.settings = settings;
        this.requests = new JobRequestParser(settings);
        this.submission = new JobSubmission(system, jobManager, JdbcJobStore.get(system));
        // Parsing inputs and formatting results is CPU work: keep it off the threads that serve requests.
        this.cpuWork = system.dispatchers().lookup(DispatcherSelector.blocking());
        this.requestTimeout = system.settings().config().getDuration("pekko.http.server.request-timeout");
    }

    public Route route() {
        return handleExceptions(exceptionHandler(), () -> handleRejections(rejectionHandler(), () ->
                withRequestTimeoutResponse(this::timedOut, () -> concat(
                        // Open to all: probes of load balancers, and the page that then asks for the token.
                        path("health", () -> get(() -> completeWithFuture(health()))),
                        statusPage(),
                        authorised(() -> concat(
                                pathPrefix("jobs", () -> concat(
                                        pathEndOrSingleSlash(this::jobsRoute),
                                        pathPrefix(PathMatchers.segment(), this::jobRoute))),
                                pathPrefix("cluster", () -> concat(
                                        pathEnd(() -> get(() -> completeWithFuture(cluster()))),
                                        path("throughput", () -> get(() -> completeWithFuture(throughput()))))),
                                path("metrics", () -> get(this::metrics))))))));
    }

    /** With a token configured, {@code inner} only for requests that carry it; 401 for the others. */
    private Route authorised(Supplier<Route> inner) {
        if (settings.apiToken().isEmpty()) {
            return inner.get();
        }
        ApiToken token = settings.apiToken().get();
        return optionalHeaderValueByName("Authorization", header -> {
            if (header.isEmpty()) {
                return complete(unauthorised("missing API token: this master asks for the header"
                        + " Authorization: Bearer <token>"));
            }
            Matcher bearer = BEARER.matcher(header.get());
            if (!bearer.matches()) {
                return complete(unauthorised("expected Authorization: Bearer <token>"));
            }
            if (!token.matches(bearer.group(1))) {
                return complete(unauthorised("the API token is not valid"));
            }
            return inner.get();
        });
    }

    private HttpResponse unauthorised(String message) {
        return error(StatusCodes.UNAUTHORIZED, message)
                .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"compute-cluster\""));
    }

    /** Pekko HTTP's answer to a request not answered within its request timeout, as a JSON error. */
    private HttpResponse timedOut(HttpRequest request) {
        return error(StatusCodes.SERVICE_UNAVAILABLE, request.method().value() + " " + request.getUri().path()
                + ": no answer within " + requestTimeout.toSeconds() + " s (pekko.http.server.request-timeout)");
    }

    /** The status page: static files from the jar, reading the same JSON API as scripts do. */
    private Route statusPage() {
        return get(() -> concat(
                pathSingleSlash(() -> getFromResource("web/index.html")),
                path("app.js", () -> getFromResource("web/app.js")),
                path("style.css", () -> getFromResource("web/style.css"))));
    }

    /** {@code /jobs}: submit, list. */
    private Route jobsRoute() {
        return concat(
                post(this::submit),
                get(() -> completeWithFuture(listJobs())));
    }

    /** {@code /jobs/{id}} and {@code /jobs/{id}/results}. */
    private Route jobRoute(String id) {
        return concat(
                pathEndOrSingleSlash(() -> concat(
                        get(() -> parameterOptional("wait", wait -> completeWithFuture(status(id, wait)))),
                        delete(() -> completeWithFuture(cancel(id))))),
                path("results", () -> get(() -> parameterOptional("follow", follow ->
                        completeWithFuture(results(id, follow.map("true"::equals).orElse(false)))))));
    }

    // --- jobs ---------------------------------------------------------------------------------

    private Route submit() {
        return parameterOptional("function", function -> parameterOptional("chunkSize", chunkSize ->
                extractMaterializer(materializer -> extractRequestEntity(entity -> {
                    boolean isJson = entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON);
                    boolean isText = entity.getContentType().mediaType().equals(MediaTypes.TEXT_PLAIN);
                    if (!isJson && !isText) {
                        return complete(error(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                                "expected Content-Type application/json or text/plain, got "
                                        + entity.getContentType()));
                    }
                    boolean large = LargeBodyGate.isLarge(entity);
                    CompletionStage<HttpResponse> response = (large ? largeBodies.enter()
                            : CompletableFuture.<Void>completedFuture(null))
                            .thenCompose(turn -> strict(entity, materializer))
                            .thenApplyAsync(body -> isJson
                                    ? requests.fromJson(body.toArray())
                                    : requests.fromText(new InputStreamReader(body.iterator().asInputStream(),
                                            StandardCharsets.UTF_8), function, chunkSize), cpuWork)
                            .thenCompose(submission::submit)
                            .thenApply(this::submitted)
                            .exceptionally(this::failure);
                    if (large) {
                        response = response.whenComplete((done, failure) -> largeBodies.leave());
                    }
                    return completeWithFuture(response);
                }))));
    }

    private HttpResponse submitted(JobManagerProtocol.SubmitReply reply) {
        if (reply instanceof JobManagerProtocol.Busy busy) {
            return error(StatusCodes.TOO_MANY_REQUESTS, busy.unfinished() + " jobs are queued or running, at most "
                    + busy.limit() + " at once (compute.master.max-running-jobs): try again once one has ended")
                    .addHeader(RawHeader.create("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
        }
        if (reply instanceof JobManagerProtocol.ListsBusy lists) {
            return error(StatusCodes.TOO_MANY_REQUESTS, "the unfinished jobs given as lists hold " + lists.held()
                    + " inputs in the master's memory; with this job's " + lists.inputs() + " that passes "
                    + lists.limit() + " (compute.master.max-running-list-inputs): try again once one has ended,"
                    + " or submit a range")
                    .addHeader(RawHeader.create("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
        }
        if (reply instanceof JobManagerProtocol.NotAccepted refused) {
            return error(StatusCodes.SERVICE_UNAVAILABLE, "job not accepted: " + refused.reason());
        }
        String id = ((JobManagerProtocol.Accepted) reply).id();
        return jsonResponse(StatusCodes.ACCEPTED, Map.of("id", id)).addHeader(Location.create("/jobs/" + id));
    }

    private CompletionStage<ByteString> strict(HttpEntity entity, Materializer materializer) {
        // A body announced larger than the limit is refused before it is read: toStrict would fail
        // it with a generic EntityStreamException rather than the EntityStreamSizeException that a
        // chunked body past the limit gets.
        OptionalLong announced = entity.getContentLengthOption();
        if (announced.isPresent() && announced.getAsLong() > settings.maxRequestBytes()) {
            return CompletableFuture.failedFuture(tooLarge());
        }
        // A client that sends its body too slowly (a slow-loris) gets a 408 rather than holding a request open.
        return entity.toStrict(settings.requestBodyTimeout().toMillis(), settings.maxRequestBytes(), materializer)
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

    private CompletionStage<HttpResponse> listJobs() {
        return AskPattern.<MasterCommand, JobManagerProtocol.JobList>ask(jobManager, JobManagerProtocol.ListJobs::new, ASK_TIMEOUT,
                        system.scheduler())
                .thenApply(list -> jsonResponse(StatusCodes.OK, Map.of("jobs", list.jobs())))
                .exceptionally(this::failure);
    }

    /** The job's status; with {@code wait}, as soon as it ends but at most that long from now. */
    private CompletionStage<HttpResponse> status(String id, Optional<String> wait) {
        Duration maxWait;
        try {
            maxWait = wait.map(HttpApi::waitDuration).orElse(Duration.ZERO);
        } catch (ApiError e) {
            return CompletableFuture.completedFuture(failure(e));
        }
        return AskPattern.<MasterCommand, JobManagerProtocol.StatusReply>ask(jobManager,
                        replyTo -> new JobManagerProtocol.AwaitEnd(id, maxWait, replyTo), ASK_TIMEOUT.plus(maxWait),
                        system.scheduler())
                .thenApply(found -> found.tooManyWaiting() > 0 ? tooManyWaiting(found.tooManyWaiting())
                        : found.status().map(job -> jsonResponse(StatusCodes.OK, job)).orElseGet(() -> unknown(id)))
                .exceptionally(this::failure);
    }

    /** A request that would wait past {@code compute.master.max-waiting-requests}. */
    private HttpResponse tooManyWaiting(int limit) {
        return error(StatusCodes.SERVICE_UNAVAILABLE, limit + " requests wait for jobs or results already, at most "
                + limit + " at once (compute.master.max-waiting-requests): try again shortly")
                .addHeader(RawHeader.create("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
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
        return AskPattern.<MasterCommand, JobManagerProtocol.StatusReply>ask(jobManager,
                        replyTo -> new JobManagerProtocol.Cancel(id, replyTo), ASK_TIMEOUT, system.scheduler())
                .thenApply(found -> found.status().map(job -> jsonResponse(StatusCodes.OK, job))
                        .orElseGet(() -> unknown(id)))
                .exceptionally(this::failure);
    }

    /**
     * The results as {@code INPUT<TAB>RESULT} lines in input order, once the job has ended; with
     * {@code follow}, streamed while it runs, each chunk as soon as it and those before it are done.
     * They come from the job store, or this node's cache of the results it stored last.
     */
    private CompletionStage<HttpResponse> results(String id, boolean follow) {
        return AskPattern.<MasterCommand, JobManagerProtocol.ResultsReply>ask(jobManager,
                        replyTo -> new JobManagerProtocol.GetResults(id, replyTo), ASK_TIMEOUT, system.scheduler())
                .thenCompose(reply -> {
                    if (reply instanceof JobManagerProtocol.ResultsStored stored) {
                        return endedResults(id, stored);
                    }
                    if (reply instanceof JobManagerProtocol.NoResults none) {
                        JobStatus status = none.status();
                        if (follow && !status.state().isEnded()) {
                            return CompletableFuture.completedFuture(
                                    linesResponse(chunkCount(status), status.chunkSize(), streamOfChunks(id)));
                        }
                        return CompletableFuture.completedFuture(error(StatusCodes.CONFLICT, "job " + id + " is "
                                + status.state() + (status.state().isEnded() ? ": it has no results"
                                        : ": results are served once it has ended (or with ?follow=true)")));
                    }
                    return CompletableFuture.completedFuture(unknown(id));
                })
                .exceptionally(this::failure);
    }

    /**
     * An ended job's results. A small job's answer says where each chunk's results are, so they
     * are read at once, and a job of one chunk is answered whole rather than streamed: its latency
     * is the API's.
     */
    private CompletionStage<HttpResponse> endedResults(String id, JobManagerProtocol.ResultsStored stored) {
        int chunks = chunkCount(stored.status());
        long[] storedIn = stored.storedIn();
        StoredResults reader = new StoredResults(system, id);
        if (storedIn.length != chunks) {
            return CompletableFuture.completedFuture(storedResponse(id, chunks, stored.status().chunkSize(), reader));
        }
        if (chunks == 1) {
            return reader.lines(0, storedIn[0]).thenApplyAsync(lines -> HttpResponse.create()
                    .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, lines.get())), cpuWork);
        }
        return CompletableFuture.completedFuture(linesResponse(chunks, stored.status().chunkSize(),
                chunk -> reader.lines(chunk, storedIn[chunk])));
    }

    /** An ended job's results, asking the job manager where they are a block of chunks at a time. */
    private HttpResponse storedResponse(String id, int chunks, int chunkSize, StoredResults reader) {
        Source<ByteString, ?> lines = Source.range(0, chunks - 1)
                .grouped(STORED_IN_BLOCK)
                .mapAsync(1, block -> AskPattern.<MasterCommand, JobManagerProtocol.ResultsReply>ask(jobManager,
                                replyTo -> new JobManagerProtocol.GetStoredIn(id, block.get(0), block.size(), replyTo),
                                ASK_TIMEOUT, system.scheduler())
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
                .mapAsync(chunksInFlight(chunkSize), chunk -> reader.lines((int) chunk[0], chunk[1])
                        .thenApplyAsync(formatted -> ByteString.fromArrayUnsafe(formatted.get()), cpuWork));
        return HttpResponse.create().withEntity(HttpEntities.createChunked(ContentTypes.TEXT_PLAIN_UTF8, lines));
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
    private HttpResponse linesResponse(int chunks, int chunkSize,
                                       Function<Integer, CompletionStage<Supplier<byte[]>>> linesOf) {
        Source<ByteString, ?> lines = Source.range(0, chunks - 1)
                .mapAsync(chunksInFlight(chunkSize), chunk -> linesOf.apply(chunk).thenApplyAsync(
                        formatted -> ByteString.fromArrayUnsafe(formatted.get()), cpuWork));
        return HttpResponse.create().withEntity(HttpEntities.createChunked(ContentTypes.TEXT_PLAIN_UTF8, lines));
    }

    /** Each chunk's lines once it is done, read from the job store (one reader per download). */
    private Function<Integer, CompletionStage<Supplier<byte[]>>> streamOfChunks(String id) {
        StoredResults reader = new StoredResults(system, id);
        return chunk -> AskPattern.<MasterCommand, JobManagerProtocol.ResultsReply>ask(jobManager,
                        replyTo -> new JobManagerProtocol.AwaitChunk(id, chunk, replyTo), FOLLOW_TIMEOUT, system.scheduler())
                .thenCompose(reply -> {
                    if (reply instanceof JobManagerProtocol.ChunkStored where) {
                        return reader.lines(chunk, where.sequenceNr());
                    }
                    if (reply instanceof JobManagerProtocol.TooManyWaiting busy) {
                        throw new IllegalStateException("the master has " + busy.limit() + " requests waiting already"
                                + " (compute.master.max-waiting-requests): follow the job again shortly");
                    }
                    throw new IllegalStateException("job " + id + " stopped before chunk " + chunk + " was done: "
                            + (reply instanceof JobManagerProtocol.NoResults none ? none.status().state() : "unknown job"));
                });
    }

    // --- cluster ------------------------------------------------------------------------------

    private CompletionStage<HttpResponse> cluster() {
        Cluster cluster = Cluster.get(system);
        ClusterEvent.CurrentClusterState state = cluster.state();
        List<Map<String, Object>> members = new ArrayList<>();
        for (Member member : state.getMembers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", member.address().toString());
            entry.put("host", member.address().getHost().orElse(null));
            entry.put("port", member.address().getPort().orElse(null));
            entry.put("roles", member.getRoles().stream().filter(role -> !role.startsWith("dc-")).sorted().toList());
            entry.put("status", member.status().toString());
            entry.put("reachable", !state.getUnreachable().contains(member));
            members.add(entry);
        }
        return workers().handle((view, failure) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("self", cluster.selfMember().address().toString());
            body.put("leader", state.getLeader() == null ? null : state.getLeader().toString());
            body.put("members", members);
            if (view != null) {
                body.put("workerNodes", view.nodes().size());
                body.put("workerActors", view.workerActors());
                body.put("chunksInFlight", view.chunksInFlight());
                body.put("tasksPerSecond", view.tasksPerSecond());
                body.put("jobStore", view.storeProblem() == null ? "ok" : "failing: " + view.storeProblem());
                body.put("workers", view.nodes().stream().map(node -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("node", node.node());
                    entry.put("actors", node.actors());
                    entry.put("chunksInFlight", node.chunksInFlight());
                    entry.put("tasksDone", node.tasksDone());
                    entry.put("tasksPerSecond", node.tasksPerSecond());
                    entry.put("workerActors", node.workerActors().stream().map(actor -> {
                        Map<String, Object> worker = new LinkedHashMap<>();
                        worker.put("name", actor.name());
                        worker.put("chunksInFlight", actor.chunksInFlight());
                        return worker;
                    }).toList());
                    return entry;
                }).toList());
            } else {
                body.put("jobManager", "unreachable: " + rootMessage(failure));
            }
            return jsonResponse(StatusCodes.OK, body);
        });
    }

    /** {@code GET /cluster/throughput}: the last minutes of tasks per second, oldest first. */
    private CompletionStage<HttpResponse> throughput() {
        return AskPattern.<MasterCommand, JobManagerProtocol.Throughput>ask(jobManager, JobManagerProtocol.GetThroughput::new,
                        ASK_TIMEOUT, system.scheduler())
                .thenApply(throughput -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("intervalSeconds", throughput.intervalSeconds());
                    body.put("samples", throughput.samples().stream().map(sample -> {
                        Map<String, Object> point = new LinkedHashMap<>();
                        point.put("at", sample.at().toString());
                        point.put("tasksPerSecond", sample.tasksPerSecond());
                        return point;
                    }).toList());
                    return jsonResponse(StatusCodes.OK, body);
                })
                .exceptionally(this::failure);
    }

    /** {@code GET /metrics}: the Prometheus text format. */
    private Route metrics() {
        return complete(HttpResponse.create().withEntity(HttpEntities.create(PROMETHEUS_TEXT,
                MasterMetrics.get(system).scrape())));
    }

    private CompletionStage<HttpResponse> health() {
        MemberStatus self = Cluster.get(system).selfMember().status();
        if (self != MemberStatus.up()) {
            return CompletableFuture.completedFuture(error(StatusCodes.SERVICE_UNAVAILABLE,
                    "this node is " + self + " in the cluster, not Up"));
        }
        return AskPattern.<MasterCommand, JobManagerProtocol.WorkersView>ask(jobManager, JobManagerProtocol.GetWorkers::new,
                        HEALTH_TIMEOUT, system.scheduler())
                .thenApply(view -> view.storeProblem() != null
                        ? error(StatusCodes.SERVICE_UNAVAILABLE, "the job store is failing: " + view.storeProblem()
                                + "; no new jobs are accepted until it works again")
                        : jsonResponse(StatusCodes.OK, Map.of("status", "UP", "member", "Up",
                                "workerActors", view.workerActors())))
                .exceptionally(failure -> error(StatusCodes.SERVICE_UNAVAILABLE,
                        "the job manager does not answer: " + rootMessage(failure)));
    }

    private CompletionStage<JobManagerProtocol.WorkersView> workers() {
        return AskPattern.ask(jobManager, JobManagerProtocol.GetWorkers::new, HEALTH_TIMEOUT, system.scheduler());
    }

    // --- responses ----------------------------------------------------------------------------

    private HttpResponse unknown(String id) {
        return error(StatusCodes.NOT_FOUND, "unknown job '" + id + "'");
    }

    private HttpResponse failure(Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (cause instanceof ApiError apiError) {
            return jsonResponse(apiError.status, JobRequestParser.errorBody(apiError));
        }
        if (cause instanceof EntityStreamSizeException) {
            return failure(tooLarge());
        }
        if (cause instanceof JobSubmission.StoreFailure storeFailure) {
            return error(StatusCodes.SERVICE_UNAVAILABLE, "job not accepted: " + storeFailure.getMessage());
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return error(StatusCodes.SERVICE_UNAVAILABLE, "the job manager did not answer in time");
        }
        log.error("Request failed", cause);
        return error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + rootMessage(cause));
    }

    private ApiError tooLarge() {
        return ApiError.tooLarge("request body larger than " + settings.maxRequestBytes()
                + " bytes (compute.master.max-request-size)");
    }

    private HttpResponse error(StatusCode status, String message) {
        return jsonResponse(status, Map.of("error", message));
    }

    private HttpResponse jsonResponse(StatusCode status, Object body) {
        try {
            return HttpResponse.create().withStatus(status)
                    .withEntity(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + body.getClass().getSimpleName(), e);
        }
    }

    private ExceptionHandler exceptionHandler() {
        return ExceptionHandler.newBuilder().matchAny(thrown -> complete(failure(thrown))).build();
    }

    /** Pekko's own answers for unknown paths, wrong methods and the like, as JSON error bodies. */
    private RejectionHandler rejectionHandler() {
        return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
            if (response.entity() instanceof HttpEntity.Strict strict
                    && !strict.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
                String message = strict.getData().utf8String();
                return response.withEntity(ContentTypes.APPLICATION_JSON, jsonBytes(Map.of("error", message)));
            }
            return response;
        });
    }

    private byte[] jsonBytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
