package io.computecluster.common.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import io.computecluster.common.testkit.ClusterTestKit;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** The management endpoints start when the node is Up, or at the latest after a delay when it never is. */
class ManagementEndpointsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A node with nothing of its own: only the cluster, and the endpoints under test. */
    private static final class BareRole implements NodeRole<Config> {
        @Override
        public String name() {
            return "worker";
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

    @Test
    void aNodeServesItsEndpointsOnceItIsUpWithoutWaitingForTheDelay() throws Exception {
        int port = freePort();
        try (ClusterTestKit cluster = new ClusterTestKit()) {
            ActorSystem<Void> node = cluster.start(new BareRole(), "worker.conf",
                    Map.of("compute.management.port", port));
            // Started before the node is Up, with no fallback to speak of: the endpoints wait for Up.
            ManagementEndpoints.startWhenUp(node, Duration.ofHours(1));
            cluster.awaitMembersUp(1, Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> alive(port) == 200);
        }
    }

    @Test
    void aNodeThatNeverJoinsServesItsEndpointsAfterTheDelay() throws Exception {
        int port = freePort();
        Address nobody = new Address("pekko", "compute-cluster", "127.0.0.1", freePort());
        try (ClusterTestKit cluster = ClusterTestKit.joining(nobody)) {
            ActorSystem<Void> node = cluster.start(new BareRole(), "worker.conf",
                    Map.of("compute.management.port", port));
            ManagementEndpoints.startWhenUp(node, Duration.ofSeconds(2));

            assertThrows(ConnectException.class, () -> alive(port), "not before the delay");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> alive(port) == 200);
            assertEquals(200, alive(port));
        }
    }

    private static int alive(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alive")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
