package io.computecluster.common.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.computecluster.common.config.ClusterSettings;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Real nodes started as bin/master and bin/worker start them: on a free port, named once bound, then joining. */
class NodeLauncherTest {
    private static final Config IN_A_TEST_JVM = ConfigFactory.parseString("""
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.cluster.seed-node-timeout = 1s
            """);

    @TempDir
    Path dir;

    private final List<ActorSystem<Void>> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ActorSystem::terminate);
        started.forEach(system -> await().atMost(Duration.ofSeconds(30))
                .until(() -> system.whenTerminated().isCompleted()));
    }

    private ActorSystem<Void> start(String role, boolean mayFormCluster, Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(overrides);
        all.put("compute.port", 0);
        all.put("compute.tls.dir", TestCertificates.cluster().toString());
        all.put(BoundPorts.FILE_KEY, dir.resolve(role + ".ports.json").toString());
        Config config = ConfigLoader.load(ClusterTestKit.CONF.resolve(role + ".conf"), all);
        ActorSystem<Void> system = NodeLauncher.start(new BareRole(role, mayFormCluster), config, config,
                ClusterSettings.from(config), IN_A_TEST_JVM);
        started.add(system);
        return system;
    }

    @Test
    void aNodeOnPortZeroNamesThePortItBoundInItsPortsFile() throws IOException {
        ActorSystem<Void> master = start("master", true, Map.of("compute.seed-nodes", List.of("self")));

        Address self = Cluster.get(master).selfMember().address();
        NodePorts ports = NodePorts.read(dir.resolve("master.ports.json")).orElseThrow();
        assertEquals("127.0.0.1:" + self.getPort().orElseThrow(), ports.cluster());
        assertTrue(self.getPort().orElseThrow() > 0, self.toString());
        assertEquals("master", ports.role());
        assertEquals(ProcessHandle.current().pid(), ports.pid());
        awaitUp(master);
    }

    @Test
    void aMasterWithoutSeedsOnAnotherPortThanTheDefaultFormsItsOwnCluster() {
        // Its seeds are the conf's default, 127.0.0.1:25520: it asks there, then forms a cluster.
        ActorSystem<Void> master = start("master", true, Map.of());

        awaitUp(master);
    }

    @Test
    void aWorkerJoinsAMasterThroughItsBoundAddress() throws IOException {
        ActorSystem<Void> master = start("master", true, Map.of("compute.seed-nodes", List.of("self")));
        String seed = NodePorts.read(dir.resolve("master.ports.json")).orElseThrow().cluster();
        ActorSystem<Void> worker = start("worker", false, Map.of("compute.seed-nodes", List.of(seed)));

        awaitUp(worker);
        await().atMost(Duration.ofSeconds(30)).until(() -> upMembers(master) == 2);
    }

    @Test
    void aWorkerAdvertisingAnotherAddressThanItBindsJoinsAtTheAdvertisedOne() throws IOException {
        ActorSystem<Void> master = start("master", true, Map.of("compute.seed-nodes", List.of("self")));
        String seed = NodePorts.read(dir.resolve("master.ports.json")).orElseThrow().cluster();
        ListAppender<ILoggingEvent> lines = capture();
        try {
            ActorSystem<Void> worker = start("worker", false, Map.of("compute.seed-nodes", List.of(seed),
                    "compute.host", "localhost", "compute.bind-host", "127.0.0.1"));

            Address self = Cluster.get(worker).selfMember().address();
            assertEquals("localhost", self.getHost().orElseThrow());
            awaitUp(worker);
            await().atMost(Duration.ofSeconds(30)).until(() -> upMembers(master) == 2);
            assertTrue(Cluster.get(master).state().getMembers().toString().contains("@localhost:" + self.getPort().get()),
                    Cluster.get(master).state().getMembers().toString());
            String bound = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.startsWith("Cluster port bound: localhost:")).findFirst().orElseThrow();
            assertTrue(bound.contains("bound at 127.0.0.1:" + self.getPort().get()), bound);
            assertEquals("localhost:" + self.getPort().get(),
                    NodePorts.read(dir.resolve("worker.ports.json")).orElseThrow().cluster());
        } finally {
            lines.stop();
            root().detachAppender(lines);
        }
    }

    @Test
    void theClusterAndManagementAddressesAreAdvertisedAndBoundAsConfigured() {
        Config config = ConfigLoader.load(ClusterTestKit.CONF.resolve("master.conf"), Map.of(
                "compute.tls.dir", TestCertificates.cluster().toString(), "compute.host", "node-a.example",
                "compute.bind-host", "0.0.0.0", "compute.port", 30520, "compute.bind-port", 25520));
        Config pekko = NodeLauncher.withClusterAddress(config, ClusterSettings.from(config));
        assertEquals("node-a.example", pekko.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(30520, pekko.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("0.0.0.0", pekko.getString("pekko.remote.artery.bind.hostname"));
        assertEquals(25520, pekko.getInt("pekko.remote.artery.bind.port"));
        assertEquals("node-a.example", pekko.getString("pekko.management.http.hostname"));
        assertEquals("0.0.0.0", pekko.getString("pekko.management.http.bind-hostname"));

        Config same = ConfigLoader.load(ClusterTestKit.CONF.resolve("worker.conf"), Map.of(
                "compute.tls.dir", TestCertificates.cluster().toString()));
        Config samePekko = NodeLauncher.withClusterAddress(same, ClusterSettings.from(same));
        assertEquals("127.0.0.1", samePekko.getString("pekko.remote.artery.bind.hostname"));
        assertEquals("", samePekko.getString("pekko.remote.artery.bind.port"), "the canonical port, bound as it is");
    }

    @Test
    void aNodeThatNoSeedLetsJoinSaysSoNamingTheSeeds() throws IOException {
        String nobody = "127.0.0.1:" + portNobodyListensOn();
        ListAppender<ILoggingEvent> lines = capture();
        try {
            start("worker", false, Map.of("compute.seed-nodes", List.of(nobody), "compute.join-warning.after", "1s"));

            String line = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> lines.list.stream()
                            .map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("Not in a cluster yet"))
                            .findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertTrue(line.contains("the seed node " + nobody + " has not let this node join since "), line);
        } finally {
            lines.stop();
            root().detachAppender(lines);
        }
    }

    private static void awaitUp(ActorSystem<?> system) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Cluster.get(system).selfMember().status() == MemberStatus.up());
    }

    private static long upMembers(ActorSystem<?> system) {
        List<org.apache.pekko.cluster.Member> members = new ArrayList<>();
        Cluster.get(system).state().getMembers().forEach(members::add);
        return members.stream().filter(member -> member.status() == MemberStatus.up()).count();
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        appender.start();
        root().addAppender(appender);
        return appender;
    }

    private static ch.qos.logback.classic.Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
