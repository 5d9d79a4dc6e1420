package io.computecluster.common.node;

import com.typesafe.config.Config;
import io.computecluster.common.metrics.MetricsRoute;
import io.computecluster.common.metrics.NodeMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Pekko Management's routes on the node: {@code /alive}, {@code /ready} (joined the cluster,
 * and on a master the job manager answering), the read-only {@code /cluster/members}, and
 * {@code /metrics} (the node's meters, in the Prometheus text format), on
 * {@code compute.management.port}, bound on {@code compute.bind-host} and named with
 * {@code compute.host}, the address other nodes and probes reach. The node binds the port itself
 * and says which it bound, in one line and in its ports file. A port given for this start
 * ({@code --management-port}, {@code COMPUTE_MANAGEMENT_PORT}, {@code -D}) that cannot be bound
 * stops the node, as a busy cluster port does; the conf's port (7626 on a master) is a preference:
 * when another process holds it (a second master on the host) the node serves the endpoints on a
 * free port instead and says so.
 */
final class ManagementEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ManagementEndpoints.class);
    private static final Duration UNBIND_DEADLINE = Duration.ofSeconds(3);

    /** Why the node stopped: its management port could not be bound. */
    static final class BindFailed implements CoordinatedShutdown.Reason {
        static final BindFailed INSTANCE = new BindFailed();

        private BindFailed() {
        }

        @Override
        public String toString() {
            return "the management endpoints could not be bound";
        }
    }

    private ManagementEndpoints() {
    }

    /**
     * Starts the endpoints once this node is Up in the cluster, or after {@code atLatest} if it is
     * not by then (a node that cannot join still answers {@code /alive}, and {@code /ready} says
     * why not). Pekko HTTP's start takes more than a second of CPU: a joining worker spends it
     * after it is Up and has its first chunks, not while it joins.
     *
     * @param portRequired whether the configured port must be the one (given for this start), or is a
     *                     preference that a free port replaces when it is taken
     */
    static void startWhenUp(ActorSystem<?> system, Duration atLatest, boolean portRequired) {
        AtomicBoolean started = new AtomicBoolean();
        Runnable start = () -> {
            if (started.compareAndSet(false, true)) {
                start(system, portRequired);
            }
        };
        Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(start);
        system.scheduler().scheduleOnce(atLatest, start, system.executionContext());
    }

    static void start(ActorSystem<?> system, boolean portRequired) {
        Config config = system.settings().config();
        String advertised = config.getString("pekko.management.http.hostname");
        String bindHost = config.getString("pekko.management.http.bind-hostname");
        String host = bindHost.isBlank() ? advertised : bindHost;
        int port = config.getInt("pekko.management.http.port");
        NodeMetrics metrics = NodeMetrics.get(system);
        Route routes = MetricsRoute.of(metrics::scrape)
                .orElse(PekkoManagement.get(Adapter.toClassic(system)).getRoutes());
        bind(system, routes, host, port).whenComplete((binding, failure) -> {
            if (failure == null) {
                served(system, binding, advertised, host);
            } else if (!portRequired && port != 0) {
                log.warn("Management port {} (the conf's) is taken by another process: serving the management"
                        + " endpoints on a free port instead (--management-port N chooses one)", port);
                bind(system, routes, host, 0).whenComplete((again, failedAgain) -> {
                    if (failedAgain == null) {
                        served(system, again, advertised, host);
                    } else {
                        failed(system, host + ":0", failedAgain);
                    }
                });
            } else {
                failed(system, host + ":" + port, failure);
            }
        });
    }

    private static CompletionStage<ServerBinding> bind(ActorSystem<?> system, Route routes, String host, int port) {
        return Http.get(system).newServerAt(host, port).bind(routes);
    }

    private static void served(ActorSystem<?> system, ServerBinding binding, String advertised, String bound) {
        int port = binding.localAddress().getPort();
        URI uri = URI.create("http://" + hostInUri(advertised) + ":" + port);
        binding.addToCoordinatedShutdown(UNBIND_DEADLINE, system);
        BoundPorts.get(system).management(uri);
        log.info("Management endpoints at {} (/alive, /ready, /cluster/members, /metrics){}", uri,
                bound.equals(advertised) ? "" : "; bound at " + hostInUri(bound) + ":" + port);
    }

    /** An IPv6 literal in brackets, as a URI needs it. */
    private static String hostInUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void failed(ActorSystem<?> system, String where, Throwable failure) {
        log.error("Cannot serve the management endpoints on {}: {}", where, failure.getMessage());
        CoordinatedShutdown.get(system).runAll(BindFailed.INSTANCE);
    }
}
