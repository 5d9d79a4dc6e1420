package io.computecluster.common.node;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A node role with nothing of its own, for the launcher's tests: only the cluster, the management
 * endpoints and the log file named after {@code name}.
 */
record BareRole(String name, boolean mayFormCluster) implements NodeRole<Config> {

    /** A worker's role: joins a cluster, never forms one. */
    static BareRole worker() {
        return new BareRole("worker", false);
    }

    @Override
    public Config settings(Config config) {
        return config;
    }

    @Override
    public Behavior<Void> guardian(Config settings) {
        return Behaviors.empty();
    }
}
