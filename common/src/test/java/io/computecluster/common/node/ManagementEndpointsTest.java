package io.computecluster.common.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.testkit.ClusterTestKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;

/**
 * The management endpoints start when the node is Up, or at the latest after a delay when it never
 * is; the node binds their port itself and names it; a preferred port that is taken gives way to a
 * free one, a required one stops the node. They include the node's meters ({@code /metrics}).
 */
class ManagementEndpointsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aNodeServesItsEndpointsOnceItIsUpWithoutWaitingForTheDelay() throws Exception {
        try (ClusterTestKit cluster = new ClusterTestKit()) {
            ActorSystem<Void> node = cluster.start(BareRole.worker(), "worker.conf", Map.of("compute.management.port", 0));
            // Started before the node is Up, with no fallback to speak of: the endpoints wait for Up.
            ManagementEndpoints.startWhenUp(node, Duration.ofHours(1), true);
            cluster.awaitMembersUp(1, Duration.ofSeconds(30));

            URI management = await().atMost(Duration.ofSeconds(20))
                    .until(() -> BoundPorts.get(node).current().managementUri(), Optional::isPresent).orElseThrow();
            assertNotEquals(0, management.getPort(), "the bound port, not the 0 asked for");
            assertEquals(200, alive(management));

            // The node's meters too, in the Prometheus text format: a scraper of every pod sees each node.
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(management.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    metrics.headers().toString());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes{"), metrics.body());
            assertTrue(metrics.body().contains("process_uptime_seconds "), metrics.body());
        }
    }

    @Test
    void aNodeThatNeverJoinsServesItsEndpointsAfterTheDelay() throws Exception {
        Address nobody = new Address("pekko", "compute-cluster", "127.0.0.1", portNobodyListensOn());
        try (ClusterTestKit cluster = ClusterTestKit.joining(nobody)) {
            ActorSystem<Void> node = cluster.start(BareRole.worker(), "worker.conf", Map.of("compute.management.port", 0));
            ManagementEndpoints.startWhenUp(node, Duration.ofSeconds(2), true);

            assertEquals(Optional.empty(), BoundPorts.get(node).current().managementUri(), "not before the delay");
            URI management = await().atMost(Duration.ofSeconds(20))
                    .until(() -> BoundPorts.get(node).current().managementUri(), Optional::isPresent).orElseThrow();
            assertEquals(200, alive(management));
        }
    }

    @Test
    void aConfPortThatIsTakenGivesWayToAFreeOne() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ClusterTestKit cluster = new ClusterTestKit()) {
            ActorSystem<Void> node = cluster.start(BareRole.worker(), "worker.conf",
                    Map.of("compute.management.port", other.getLocalPort()));
            ManagementEndpoints.start(node, false);

            URI management = await().atMost(Duration.ofSeconds(20))
                    .until(() -> BoundPorts.get(node).current().managementUri(), Optional::isPresent).orElseThrow();
            assertNotEquals(other.getLocalPort(), management.getPort());
            assertEquals(200, alive(management));
            assertTrue(!node.whenTerminated().isCompleted(), "the node runs on");
        }
    }

    @Test
    void aPortGivenForThisStartThatIsTakenStopsTheNode() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ClusterTestKit cluster = new ClusterTestKit()) {
            ActorSystem<Void> node = cluster.start(BareRole.worker(), "worker.conf",
                    Map.of("compute.management.port", other.getLocalPort()));
            ManagementEndpoints.start(node, true);

            await().atMost(Duration.ofSeconds(30)).until(() -> node.whenTerminated().isCompleted());
            assertEquals(Optional.of(ManagementEndpoints.BindFailed.INSTANCE),
                    CoordinatedShutdown.get(node).getShutdownReason());
        }
    }

    private static int alive(URI management) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(management.resolve("/alive")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A port that nothing listens on (bound and let go): the seed of a cluster that is not there. */
    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
