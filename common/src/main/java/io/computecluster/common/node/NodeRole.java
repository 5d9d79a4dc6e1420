package io.computecluster.common.node;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;

/**
 * What makes a node a master or a worker: its validated settings and its root behaviour.
 *
 * @param <S> the role's settings
 */
public interface NodeRole<S> {

    /** {@code master} or {@code worker}; names the log file. */
    String name();

    /**
     * Whether a node of this role may form a new cluster when no seed answers and it was given no
     * seeds of its own ({@link JoinPlan}): a master may, a worker waits for a master.
     */
    default boolean mayFormCluster() {
        return false;
    }

    /**
     * Whether a node of this role whose cluster lost it (downed, or {@link ClusterGone}) starts a
     * fresh actor system and joins again instead of exiting ({@link RejoinDecision}); reads and
     * validates its setting, throwing {@code ConfigError} naming the bad key.
     */
    default boolean rejoins(Config config) {
        return false;
    }

    /** Reads and validates the role's settings; throws {@code ConfigError} naming the bad key. */
    S settings(Config config);

    /** Pekko settings that follow from the role's settings (for example dispatcher sizes). */
    default Map<String, Object> pekkoSettings(S settings) {
        return Map.of();
    }

    /**
     * Checks and prepares what the node needs outside the JVM before it starts (a database, say);
     * throws {@link NodeStartException} with one line saying what and where.
     */
    default void prepare(S settings) {
    }

    /** The node's root behaviour, started once the actor system is. */
    Behavior<Void> guardian(S settings);
}
