package io.computecluster.common.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A node on PEM files (Pekko's rotating-keys provider, wrapped for logging) refuses a node whose
 * certificate of the cluster's CA has expired, and says so in one line: no trust manager of ours
 * logs for that provider, so the server engine does.
 */
class PemTlsTest {

    @Test
    void aNodeOnPemFilesRefusesAnExpiredCertificateWithOneLine() {
        Path pem = TestCertificates.folder("pem", "--pem", "--ca", "{cluster-ca}");
        Path expired = TestCertificates.folder("pem-expired", "--pem", "--ca", "{cluster-ca}", "--start-date", "-3d",
                "--days", "1");
        Logger engineLog = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger("io.computecluster.common.tls.HandshakeLoggingSslEngine");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        engineLog.addAppender(lines);
        try (ClusterTestKit cluster = new ClusterTestKit()) {
            ActorSystem<Void> node = cluster.start(BareRole.worker(), "worker.conf", Map.of("compute.tls.dir", pem.toString()));
            cluster.awaitMembersUp(1, Duration.ofSeconds(30));
            try (ClusterTestKit outside = ClusterTestKit.joining(cluster.seed())) {
                outside.start(BareRole.worker(), "worker.conf", Map.of("compute.tls.dir", expired.toString()));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !refusals(lines).isEmpty());
            }
            List<String> refusals = refusals(lines);
            assertEquals(1, refusals.size(), refusals.toString());
            String line = refusals.get(0);
            assertTrue(line.startsWith("Refused a connection from a node: the TLS"
                    + " handshake failed (") && line.endsWith("is out of its validity"), line);
            assertEquals(1, Cluster.get(node).state().members().size(), "the expired node is not a member");
        } finally {
            engineLog.detachAppender(lines);
        }
    }

    private static List<String> refusals(ListAppender<ILoggingEvent> lines) {
        synchronized (lines.list) {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.startsWith("Refused")).toList();
        }
    }
}
