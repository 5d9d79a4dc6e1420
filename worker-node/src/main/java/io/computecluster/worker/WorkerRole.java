package io.computecluster.worker;

import com.typesafe.config.Config;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.common.node.NodeRole;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker role: worker actors on a dispatcher with one thread per worker, offering the
 * built-in functions and those of the plug-in jars, which are loaded once per process, at start: a
 * node that rejoins with a fresh actor system keeps them and their class loaders.
 */
public final class WorkerRole implements NodeRole<WorkerSettings> {
    static final String REJOIN_KEY = "compute.worker.rejoin";

    private FunctionCatalog catalog;
    private WorkerSettings catalogOf;

    @Override
    public String name() {
        return "worker";
    }

    @Override
    public WorkerSettings settings(Config config) {
        return WorkerSettings.from(config);
    }

    /** {@code compute.worker.rejoin}: on, a worker node dropped by its cluster joins again in the same JVM. */
    @Override
    public boolean rejoins(Config config) {
        return new SettingsReader(config).onOff(REJOIN_KEY);
    }

    @Override
    public Map<String, Object> pekkoSettings(WorkerSettings settings) {
        return Map.of(WorkerNode.DISPATCHER + ".thread-pool-executor.fixed-pool-size", settings.workers());
    }

    /** Loads the plug-ins; a jar that cannot be used stops the node with one line naming it. */
    @Override
    public void prepare(WorkerSettings settings) {
        catalog(settings);
    }

    @Override
    public Behavior<Void> guardian(WorkerSettings settings) {
        return WorkerNode.create(settings, catalog(settings));
    }

    /** The catalog of {@code settings}' plug-in folder, loaded once (a node that rejoins keeps it). */
    synchronized FunctionCatalog catalog(WorkerSettings settings) {
        if (catalog == null || !catalogOf.plugins().equals(settings.plugins())) {
            catalog = FunctionCatalog.load(settings.plugins(), settings.pluginsGiven());
            catalogOf = settings;
            Logger log = LoggerFactory.getLogger(WorkerRole.class);
            for (String plugin : catalog.describePlugins()) {
                log.info("Plug-in {}", plugin);
            }
            if (catalog.plugins().isEmpty()) {
                log.info("No plug-ins in {}: offering the built-in functions only", settings.plugins());
            }
        }
        return catalog;
    }
}
