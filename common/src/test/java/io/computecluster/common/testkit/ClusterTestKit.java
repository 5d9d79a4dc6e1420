package io.computecluster.common.testkit;

import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.computecluster.common.config.ClusterSettings;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.node.NodeLauncher;
import io.computecluster.common.node.NodeRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Starts several real cluster nodes (ActorSystems over Artery on loopback, free ports) in one JVM,
 * from the repository's own conf files, and joins them into one cluster. The first node started
 * is the one the others join (or the seed given to {@link #joining}). Nodes use the test run's
 * certificates ({@link TestCertificates#cluster()}) unless the overrides name a {@code compute.tls.dir}.
 */
public final class ClusterTestKit implements AutoCloseable {
    /** The repository's conf folder, seen from a module's directory (Maven's working directory). */
    public static final Path CONF = Path.of("..", "conf");

    private final List<ActorSystem<Void>> systems = new ArrayList<>();
    private final Path storeDir = Path.of("target", "test-store", java.util.UUID.randomUUID().toString())
            .toAbsolutePath();
    private Address seed;

    public ClusterTestKit() {
    }

    private ClusterTestKit(Address seed) {
        this.seed = seed;
    }

    /** A kit whose nodes try to join another kit's cluster through {@code seed} (for nodes that must not get in). */
    public static ClusterTestKit joining(Address seed) {
        return new ClusterTestKit(seed);
    }

    /** The folder of the H2 job store the kit's masters share (compute.store.h2.dir). */
    public Path storeDir() {
        return storeDir;
    }

    /** The address the kit's nodes join through. */
    public Address seed() {
        return seed;
    }

    /** Starts a node of {@code role} from {@code conf/<confFile>}, with test overrides on top. */
    public <S> ActorSystem<Void> start(NodeRole<S> role, String confFile, Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(overrides);
        all.put("compute.port", 0);
        all.putIfAbsent("compute.tls.dir", TestCertificates.cluster().toString());
        // The masters of one kit share a job store of their own, fresh for each kit.
        all.putIfAbsent("compute.store.h2.dir", storeDir.toString());
        Config config = ConfigLoader.load(CONF.resolve(confFile), all);
        ClusterSettings cluster = ClusterSettings.from(config);
        S settings = role.settings(config);
        role.prepare(settings);
        Config nodeConfig = ConfigFactory.parseMap(role.pekkoSettings(settings))
                .withFallback(ConfigFactory.parseString("""
                        pekko.cluster.seed-nodes = []
                        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                        pekko.coordinated-shutdown.exit-jvm = off
                        pekko.coordinated-shutdown.terminate-actor-system = on
                        pekko.cluster.run-coordinated-shutdown-when-down = on
                        """))
                .withFallback(NodeLauncher.withClusterAddress(config, cluster));
        ActorSystem<Void> system = ActorSystem.create(role.guardian(settings), cluster.clusterName(), nodeConfig);
        systems.add(system);
        Cluster node = Cluster.get(system);
        if (seed == null) {
            seed = node.selfMember().address();
        }
        node.manager().tell(Join.create(seed));
        return system;
    }

    /** Waits until every running node sees {@code count} members Up. */
    public void awaitMembersUp(int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> systems.stream()
                .filter(system -> !system.whenTerminated().isCompleted())
                .allMatch(system -> countUp(system) == count));
    }

    private static long countUp(ActorSystem<?> system) {
        List<org.apache.pekko.cluster.Member> members = new ArrayList<>();
        Cluster.get(system).state().getMembers().forEach(members::add);
        return members.stream().filter(member -> member.status() == MemberStatus.up()).count();
    }

    /**
     * Stops one node the way SIGTERM does: it leaves the cluster, then its system terminates.
     * Returns once it has terminated, or once every other running node has seen it leave: its
     * termination can stall on Artery's TLS streams (see {@link #close}), which is not the tests'
     * subject, and is then reported on stderr.
     */
    public void stop(ActorSystem<?> system, Duration timeout) {
        org.apache.pekko.actor.Address address = Cluster.get(system).selfMember().address();
        system.terminate();
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> system.whenTerminated().isCompleted() || leftTheCluster(address, system));
        if (!system.whenTerminated().isCompleted()) {
            System.err.println("warning: node " + address + " left the cluster but its actor system has not"
                    + " terminated yet (Artery TLS shutdown stall, apache/pekko#3247)");
        }
    }

    /** Whether every other running node has removed {@code address} from its membership. */
    private boolean leftTheCluster(org.apache.pekko.actor.Address address, ActorSystem<?> leaving) {
        return systems.stream()
                .filter(other -> other != leaving && !other.whenTerminated().isCompleted())
                .allMatch(other -> {
                    for (org.apache.pekko.cluster.Member member : Cluster.get(other).state().getMembers()) {
                        if (member.address().equals(address)) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /**
     * Terminates every node and waits up to 30 s for them all. A node that is still stuck then is
     * reported on stderr, not failed: with tls-tcp, Pekko 1.7's Artery sometimes waits forever for
     * a TLS stream to complete at termination ("proceeding with flushing remote transports" and no
     * "Remoting shut down"; apache/pekko#3247, bounded in a later Pekko). A real node exits anyway
     * when the actor-system-terminate phase times out (10 s); the tests' subject is not shutdown.
     */
    @Override
    public void close() {
        for (ActorSystem<Void> system : systems) {
            system.terminate();
        }
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> systems.stream().allMatch(system -> system.whenTerminated().isCompleted()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            for (ActorSystem<Void> system : systems) {
                if (!system.whenTerminated().isCompleted()) {
                    System.err.println("warning: node " + system.address() + " did not terminate within 30 s"
                            + " (Artery TLS shutdown stall, apache/pekko#3247); leaving it to the test JVM's exit");
                }
            }
        }
    }
}
