package io.computecluster.master.http;

import io.computecluster.master.metrics.MasterMetrics;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The master's HTTP API: jobs ({@link JobRoutes}), their results ({@link ResultRoutes}), the
 * cluster and health ({@link ClusterRoutes}), the status page and metrics ({@link PageRoutes}),
 * behind one bearer token check ({@link BearerTokenAuth}; health and the page's files are open).
 * Every answer is JSON but the results stream and the page; every error is {@code {"error": ...}}
 * with the right status ({@link ApiResponses}). The job manager is reached through a
 * {@link JobManagerGateway}, so any master node can serve the API.
 */
public final class HttpApi extends AllDirectives {
    private final ApiResponses responses;
    private final BearerTokenAuth authentication;
    private final JobRoutes jobs;
    private final ResultRoutes results;
    private final ClusterRoutes cluster;
    private final PageRoutes page;
    private final Duration requestTimeout;

    /** The API of a master node: results from the job store, membership from its cluster, its metrics. */
    public static HttpApi create(ActorSystem<?> system, JobManagerGateway jobManager, HttpApiSettings settings) {
        return new HttpApi(settings, jobManager, new StoredResultReader(system),
                () -> MembershipSnapshot.of(system), () -> MasterMetrics.get(system).scrape(),
                // Parsing inputs and formatting results is CPU work: keep it off the threads that serve requests.
                system.dispatchers().lookup(DispatcherSelector.blocking()),
                system.settings().config().getDuration("pekko.http.server.request-timeout"));
    }

    HttpApi(HttpApiSettings settings, JobManagerGateway jobManager, ResultReader results,
            Supplier<MembershipSnapshot> membership, Supplier<String> metrics, Executor cpuWork,
            Duration requestTimeout) {
        this.responses = new ApiResponses(settings.maxRequestBytes());
        this.authentication = new BearerTokenAuth(settings.apiToken(), responses);
        this.jobs = new JobRoutes(jobManager, settings, responses, cpuWork);
        this.results = new ResultRoutes(jobManager, results, responses, cpuWork);
        this.cluster = new ClusterRoutes(jobManager, membership, responses);
        this.page = new PageRoutes(metrics);
        this.requestTimeout = requestTimeout;
    }

    public Route route() {
        return handleExceptions(responses.exceptionHandler(), () -> handleRejections(responses.rejectionHandler(), () ->
                withRequestTimeoutResponse(this::timedOut, () -> concat(
                        // Open to all: probes of load balancers, and the page that then asks for the token.
                        cluster.health(),
                        page.files(),
                        authentication.requireToken(() -> concat(
                                jobs.route(),
                                results.route(),
                                cluster.cluster(),
                                cluster.functions(),
                                page.metrics()))))));
    }

    /** Pekko HTTP's answer to a request not answered within its request timeout, as a JSON error. */
    private HttpResponse timedOut(HttpRequest request) {
        return responses.error(StatusCodes.SERVICE_UNAVAILABLE, request.method().value() + " " + request.getUri().path()
                + ": no answer within " + requestTimeout.toSeconds() + " s (pekko.http.server.request-timeout)");
    }
}
