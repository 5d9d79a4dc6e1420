package io.computecluster.common.node;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Pekko Management on the node: {@code /alive}, {@code /ready} (joined the cluster, and on
 * a master the job manager answering) and the read-only {@code /cluster/members} routes, on
 * {@code compute.management.port}. A port that cannot be bound stops the node, as a busy cluster
 * port does.
 */
final class ManagementEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ManagementEndpoints.class);

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
     */
    static void startWhenUp(ActorSystem<?> system, Duration atLatest) {
        AtomicBoolean started = new AtomicBoolean();
        Runnable start = () -> {
            if (started.compareAndSet(false, true)) {
                start(system);
            }
        };
        Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(start);
        system.scheduler().scheduleOnce(atLatest, start, system.executionContext());
    }

    static void start(ActorSystem<?> system) {
        PekkoManagement.get(Adapter.toClassic(system)).start().whenComplete((uri, failure) -> {
            if (failure != null) {
                String where = system.settings().config().getString("pekko.management.http.hostname") + ":"
                        + system.settings().config().getInt("pekko.management.http.port");
                log.error("Cannot serve the management endpoints on {}: {}", where, failure.getMessage());
                CoordinatedShutdown.get(system).runAll(BindFailed.INSTANCE);
            } else {
                log.info("Management endpoints at {} (/alive, /ready, /cluster/members)", uri);
            }
        });
    }
}
