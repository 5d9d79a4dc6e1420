package io.computecluster.master.http;

import io.computecluster.api.Health;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /health} (open to probes): 200 while this node is Up and the job manager answers
 * with a working job store, else 503 saying why. {@code GET /cluster}: the members this node sees
 * and the job manager's workers; {@code GET /cluster/throughput}: the last minutes of tasks per
 * second; {@code GET /functions}: the functions the workers offer, and where.
 */
final class ClusterRoutes extends AllDirectives {
    private final JobManagerGateway jobManager;
    private final Supplier<MembershipSnapshot> membership;
    private final ApiResponses responses;

    ClusterRoutes(JobManagerGateway jobManager, Supplier<MembershipSnapshot> membership, ApiResponses responses) {
        this.jobManager = jobManager;
        this.membership = membership;
        this.responses = responses;
    }

    Route health() {
        return path("health", () -> get(() -> completeWithFuture(healthResponse())));
    }

    Route cluster() {
        return pathPrefix("cluster", () -> concat(
                pathEnd(() -> get(() -> completeWithFuture(clusterResponse()))),
                path("throughput", () -> get(() -> completeWithFuture(throughputResponse())))));
    }

    /** {@code GET /functions}: what the workers offer. */
    Route functions() {
        return path("functions", () -> get(() -> completeWithFuture(jobManager.functions()
                .thenApply(functions -> responses.ok(ApiViews.functions(functions)))
                .exceptionally(responses::failure))));
    }

    private CompletionStage<HttpResponse> healthResponse() {
        MembershipSnapshot now = membership.get();
        if (!now.selfUp()) {
            return CompletableFuture.completedFuture(responses.error(StatusCodes.SERVICE_UNAVAILABLE,
                    "this node is " + now.selfStatus() + " in the cluster, not Up"));
        }
        return jobManager.workers()
                .thenApply(view -> view.storeProblem() != null
                        ? responses.error(StatusCodes.SERVICE_UNAVAILABLE, "the job store is failing: "
                                + view.storeProblem() + "; no new jobs are accepted until it works again")
                        : responses.ok(Health.up(view.workerActors())))
                .exceptionally(failure -> responses.error(StatusCodes.SERVICE_UNAVAILABLE,
                        "the job manager does not answer: " + ApiResponses.rootMessage(failure)));
    }

    private CompletionStage<HttpResponse> clusterResponse() {
        MembershipSnapshot now = membership.get();
        return jobManager.workers().handle((view, failure) -> responses.ok(view != null
                ? ApiViews.cluster(now, view)
                : ApiViews.clusterWithoutJobManager(now, ApiResponses.rootMessage(failure))));
    }

    private CompletionStage<HttpResponse> throughputResponse() {
        return jobManager.throughput()
                .thenApply(throughput -> responses.ok(ApiViews.throughput(throughput)))
                .exceptionally(responses::failure);
    }
}
