package io.computecluster.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.TestHttp;
import java.io.IOException;
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
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A master whose seed node does not answer never joins a cluster: its management endpoints say it
 * is alive but not ready, for as long as that lasts; and the job manager's own check gives up
 * before Pekko Management's limit on a check, so that its reason is the one reported.
 */
class MasterReadinessClusterTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static ClusterTestKit cluster;

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void masterThatNeverJoinsIsAliveButNotReady() throws IOException {
        // Nothing listens on the seed's port: the master keeps trying to join.
        Address seed = new Address("pekko", "compute-cluster", "127.0.0.1", portNobodyListensOn());
        cluster = ClusterTestKit.joining(seed);
        ActorSystem<Void> master = cluster.start(new MasterRole(), "master.conf",
                Map.of("compute.master.http.port", 0, "compute.management.port", 0));
        // Port 0: Pekko Management binds a free one and answers with it.
        String management = PekkoManagement.get(Adapter.toClassic(master)).start().toCompletableFuture().join()
                .toString().replaceAll("/$", "");
        assertFalse(management.endsWith(":0"), management);

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> get(management + "/alive").statusCode() == 200);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(management + "/ready").statusCode() != 200);
        HttpResponse<String> ready = get(management + "/ready");
        assertNotEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("the job manager does not answer within 800 ms"), ready.body());
        assertEquals(200, get(management + "/alive").statusCode(), "alive while not ready");
    }

    @Test
    void jobManagerCheckGivesUpBeforePekkoManagementDoes() {
        assertEquals(Duration.ofMillis(800), JobManagerReadiness.askTimeout(Duration.ofSeconds(1)));
    }

    /** A port nothing listens on (bound and let go): the seed of a cluster that is not there. */
    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static HttpResponse<String> get(String url) {
        return TestHttp.send(http, HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build());
    }
}
