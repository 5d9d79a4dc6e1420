package io.computecluster.master;

import io.computecluster.common.node.BoundPorts;
import io.computecluster.common.node.ClusterEventLogger;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.http.AskingJobManagerGateway;
import io.computecluster.master.http.HttpApi;
import io.computecluster.master.manager.JobManager;
import io.computecluster.master.manager.JobSubmission;
import io.computecluster.master.store.JdbcJobStore;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root of a master node: the job manager as a cluster singleton on role {@code master} (a
 * second master node is a standby) and the HTTP API, which reaches the job manager through the
 * singleton proxy.
 */
public final class MasterNode {
    public static final String ROLE = "master";
    /** Not the actor's logger: the binding completes on another thread. */
    private static final Logger log = LoggerFactory.getLogger(MasterNode.class);

    /** The node stops because its HTTP port could not be bound. */
    public static final class HttpBindFailed implements CoordinatedShutdown.Reason {
        private HttpBindFailed() {
        }

        static final HttpBindFailed INSTANCE = new HttpBindFailed();

        @Override
        public String toString() {
            return "the HTTP API could not be bound";
        }
    }

    private MasterNode() {
    }

    public static Behavior<Void> create(MasterSettings settings) {
        return Behaviors.setup(context -> {
            context.spawn(ClusterEventLogger.create(), "cluster-events");
            ActorRef<MasterCommand> jobManager = jobManagerProxy(context.getSystem(), settings);
            JobManagerReadiness.PROXY.apply(context.getSystem()).set(jobManager);
            startHttp(context.getSystem(), jobManager, settings);
            return Behaviors.empty();
        });
    }

    /** Starts the singleton here when this node is the oldest master, and a proxy to it in any case. */
    public static ActorRef<MasterCommand> jobManagerProxy(ActorSystem<?> system, MasterSettings settings) {
        return ClusterSingleton.get(system).init(SingletonActor.of(
                        JobManager.create(settings.jobManager(), JdbcJobStore.get(system)), "job-manager")
                .withSettings(ClusterSingletonSettings.create(system).withRole(ROLE)));
    }

    /** Says once the API is bound whether it asks for a token, and warns of a token file others can read. */
    private static void logProtection(MasterSettings settings, java.net.URI url) {
        settings.apiToken().ifPresentOrElse(token -> {
            log.info("The HTTP API asks for the token in {} (except GET /health and the status page)", token.file());
            if (token.readableByOthers()) {
                log.warn("The API token file {} is readable by group or others: chmod 600 it", token.file());
            }
        }, () -> log.warn("The HTTP API is not protected: anyone who reaches {}:{} can submit and cancel jobs"
                + " (set compute.master.api.token-file or bin/master --api-token-file FILE)",
                url.getHost(), url.getPort()));
    }

    private static void startHttp(ActorSystem<?> system, ActorRef<MasterCommand> jobManager,
                                  MasterSettings settings) {
        HttpApi api = HttpApi.create(system, new AskingJobManagerGateway(jobManager, system.scheduler(),
                new JobSubmission(system, jobManager, JdbcJobStore.get(system))), settings.http());
        ServerBuilder server = Http.get(system).newServerAt(settings.httpHost(), settings.httpPort());
        if (settings.https().isPresent()) {
            server = server.enableHttps(ConnectionContext.httpsServer(settings.https().get().context()));
        }
        String scheme = settings.https().isPresent() ? "https" : "http";
        server.bind(api.route())
                .whenComplete((ServerBinding binding, Throwable failure) -> {
                    if (failure != null) {
                        log.error("Cannot serve the HTTP API on {}:{}: {}", settings.httpHost(), settings.httpPort(),
                                failure.getMessage());
                        CoordinatedShutdown.get(system).runAll(HttpBindFailed.INSTANCE);
                    } else {
                        java.net.URI url = java.net.URI.create(scheme + "://" + binding.localAddress().getHostString()
                                + ":" + binding.localAddress().getPort());
                        BoundPorts.get(system).http(url);
                        log.info("HTTP API at {}", url);
                        logProtection(settings, url);
                        binding.addToCoordinatedShutdown(java.time.Duration.ofSeconds(5), system);
                    }
                });
    }
}
