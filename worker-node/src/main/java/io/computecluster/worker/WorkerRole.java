package io.computecluster.worker;

import com.typesafe.config.Config;
import io.computecluster.common.node.NodeRole;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;

/** The worker role: worker actors on a dispatcher with one thread per worker. */
public final class WorkerRole implements NodeRole<WorkerSettings> {
    @Override
    public String name() {
        return "worker";
    }

    @Override
    public WorkerSettings settings(Config config) {
        return WorkerSettings.from(config);
    }

    @Override
    public Map<String, Object> pekkoSettings(WorkerSettings settings) {
        return Map.of(WorkerNode.DISPATCHER + ".thread-pool-executor.fixed-pool-size", settings.workers());
    }

    @Override
    public Behavior<Void> guardian(WorkerSettings settings) {
        return WorkerNode.create(settings);
    }
}
