package io.computecluster.master;

import com.typesafe.config.Config;
import io.computecluster.common.node.NodeRole;
import io.computecluster.master.store.JobStoreSchema;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;

/** The master role: the job manager singleton and the HTTP API. */
public final class MasterRole implements NodeRole<MasterSettings> {
    @Override
    public String name() {
        return MasterNode.ROLE;
    }

    /** A master given no seeds forms a cluster when no master answers on the default port. */
    @Override
    public boolean mayFormCluster() {
        return true;
    }

    /**
     * A master never rejoins by itself: a master dropped by its cluster may have lost the job
     * manager to a standby, and one that is alone forms a new cluster at its start; a fresh system
     * in the old JVM would hide that from whatever supervises it (systemd, Kubernetes), whose
     * restart is the clean way back.
     */
    @Override
    public boolean rejoins(Config config) {
        return false;
    }

    @Override
    public MasterSettings settings(Config config) {
        return MasterSettings.from(config);
    }

    @Override
    public Map<String, Object> pekkoSettings(MasterSettings settings) {
        Map<String, Object> pekko = new HashMap<>();
        // The API checks the body size itself, with a JSON error; Pekko's own limit must not be lower.
        pekko.put("pekko.http.server.parsing.max-content-length", settings.maxRequestBytes());
        // /ready on a master also needs the job manager to answer.
        pekko.put("pekko.management.health-checks.readiness-checks.job-manager", JobManagerReadiness.class.getName());
        return pekko;
    }

    /**
     * The job store must answer, at this version's schema, before the node starts: one line and
     * exit 1 when it does not.
     */
    @Override
    public void prepare(MasterSettings settings) {
        JobStoreSchema.prepare(settings.store());
    }

    @Override
    public Behavior<Void> guardian(MasterSettings settings) {
        return MasterNode.create(settings);
    }
}
