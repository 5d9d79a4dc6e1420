package io.computecluster.master;

import io.computecluster.master.store.JdbcJobStore;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.master.manager.JobSubmission;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.TestCertificates;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.worker.WorkerRole;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Only nodes with a certificate of the cluster's CA get in: a node with another CA's certificate,
 * one with an expired certificate of the right CA, and one speaking plain TCP never become members
 * and cannot deliver a message; the cluster logs one line per refused connection and still
 * completes a job. A node of the cluster delivers the same message, so the refusal is the TLS.
 */
class NodeTlsClusterTest {
    private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(20);
    private static final ClusterTestKit cluster = new ClusterTestKit();
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static ActorSystem<Void> master;
    private static ActorSystem<Void> worker;

    @BeforeAll
    static void startCluster() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        ((Logger) LoggerFactory.getLogger("org.apache.pekko.remote.artery")).setLevel(Level.WARN);
        master = cluster.start(new MasterRole(), "master.conf", Map.of("compute.master.http.port", 0));
        worker = cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 1));
        cluster.awaitMembersUp(2, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void nodeWithCertificateOfAnotherCaIsRefused() {
        // The outsider refuses the cluster's certificate first (TLS 1.3: the client checks the server first);
        // the cluster logs the failed handshake.
        assertRefused(Map.of("compute.tls.dir", TestCertificates.folder("other-ca").toString()),
                "Refused the connection to 127.0.0.1:" + cluster.seed().getPort().get() + ": its certificate",
                "Refused a connection from a node: the TLS handshake failed");
    }

    @Test
    void nodeWithExpiredCertificateOfTheClusterCaIsRefused() {
        assertRefused(Map.of("compute.tls.dir", TestCertificates.folder("expired",
                "--ca", "{cluster-ca}", "--start-date", "-3d", "--days", "1").toString()),
                "Refused a connection from a node: its certificate");
    }

    @Test
    void nodeThatTrustsTheClusterButHasAnotherCasCertificateIsRefusedByTheCluster() {
        // The outsider accepts the cluster's certificate, so the refusal is the cluster's own check
        // of the client certificate (require-mutual-authentication). The cluster asks for a
        // certificate of its CA, and JSSE's client, having none, sends none.
        Path otherCa = TestCertificates.folder("other-ca");
        Path clusterCa = TestCertificates.cluster();
        assertRefused(Map.of(
                        "compute.tls.key-store", otherCa.resolve("node.p12").toString(),
                        "compute.tls.key-store-password-file", otherCa.resolve("node.password").toString(),
                        "compute.tls.trust-store", clusterCa.resolve("truststore.p12").toString(),
                        "compute.tls.trust-store-password-file", clusterCa.resolve("truststore.password").toString()),
                "Refused a connection from a node: the TLS handshake failed (Empty client certificate chain); it has"
                        + " no certificate signed by a CA this node trusts");
    }

    @Test
    void nodeSpeakingPlainTcpIsRefused() {
        assertRefused(Map.of("pekko.remote.artery.transport", "tcp"),
                "Refused a connection from a node: the TLS handshake failed");
    }

    /** The outsider's failed handshake is one WARN line naming the cause, for each of {@code logged}. */
    private static void assertRefused(Map<String, Object> outsiderOverrides, String... logged) {
        int before = logs.list.size();
        TestProbe<String> inbox = TestProbe.create(master);
        try (ClusterTestKit outside = ClusterTestKit.joining(cluster.seed())) {
            ActorSystem<Void> outsider = outside.start(new WorkerRole(), "worker.conf", outsiderOverrides);
            send(outsider, inbox.getRef(), "from outside");
            send(worker, inbox.getRef(), "from a member");
            inbox.expectMessage(Duration.ofSeconds(10), "from a member");
            for (String line : logged) {
                await().atMost(REFUSAL_TIMEOUT).until(() -> refusals(before, line) > 0);
            }
            inbox.expectNoMessage(Duration.ofSeconds(2));
            for (String line : logged) {
                assertEquals(1, refusals(before, line), "one line for the refused node, not one per attempt: " + line);
            }
            assertFalse(isUp(outsider), "the outsider is not Up");
            assertEquals(2, Cluster.get(master).state().getMembers().spliterator().getExactSizeIfKnown(),
                    "the cluster still has its two members only");
        }
        JobStatus status = runToEnd(new JobSpec("square", new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(5000)), 500));
        assertEquals(JobState.SUCCEEDED, status.state());
        assertEquals(5000, status.completed());
    }

    /** WARN lines since {@code from} that contain {@code text}, each on one line. */
    private static long refusals(int from, String text) {
        List<ILoggingEvent> events = List.copyOf(logs.list);
        return events.subList(from, events.size()).stream()
                .filter(event -> event.getLevel() == Level.WARN && event.getFormattedMessage().contains(text)
                        && !event.getFormattedMessage().contains("\n"))
                .count();
    }

    private static void send(ActorSystem<?> from, ActorRef<String> to, String message) {
        String remotePath = to.path().toStringWithAddress(Cluster.get(master).selfMember().address());
        from.classicSystem().actorSelection(remotePath).tell(message, org.apache.pekko.actor.ActorRef.noSender());
    }

    private static boolean isUp(ActorSystem<?> system) {
        return Cluster.get(system).selfMember().status() == MemberStatus.up();
    }

    private static JobStatus runToEnd(JobSpec spec) {
        MasterSettings settings = MasterSettings.from(io.computecluster.common.config.ConfigLoader.defaults(Map.of(
                "compute.master.http.port", 0, "compute.store.h2.dir", cluster.storeDir().toString())));
        ActorRef<MasterCommand> jobManager = MasterNode.jobManagerProxy(master, settings);
        JobManagerProtocol.SubmitReply reply = new JobSubmission(master, jobManager, JdbcJobStore.get(master)).submit(spec)
                .toCompletableFuture().join();
        String id = ((JobManagerProtocol.Accepted) reply).id();
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JobManagerProtocol.StatusReply found = AskPattern.<MasterCommand, JobManagerProtocol.StatusReply>ask(jobManager,
                    replyTo -> new JobManagerProtocol.GetStatus(id, replyTo), Duration.ofSeconds(10), master.scheduler())
                    .toCompletableFuture().join();
            return found.status().orElseThrow();
        }, status -> status.state().isEnded());
    }
}
