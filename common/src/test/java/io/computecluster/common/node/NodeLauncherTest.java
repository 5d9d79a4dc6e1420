package io.computecluster.common.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** How the launcher tells that the cluster port it picked was taken by another process before it bound it. */
class NodeLauncherTest {

    @Test
    void anActorSystemWhosePortIsTakenFailsInAWayTheLauncherRecognises() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RuntimeException failed = assertThrows(RuntimeException.class, () -> ActorSystem.create(
                    Behaviors.empty(), "port-taken", ConfigFactory.parseString("""
                            pekko.actor.provider = cluster
                            pekko.remote.artery.transport = tcp
                            pekko.remote.artery.canonical.hostname = 127.0.0.1
                            pekko.remote.artery.canonical.port = %d
                            pekko.cluster.seed-nodes = []
                            pekko.coordinated-shutdown.exit-jvm = off
                            pekko.loglevel = OFF
                            """.formatted(other.getLocalPort()))));

            assertTrue(NodeLauncher.portTaken(failed), "the failure names the taken port: " + failed);
        }
    }

    @Test
    void otherFailuresAreNotTakenForABusyPort() {
        assertFalse(NodeLauncher.portTaken(new IllegalStateException("no certificate",
                new java.io.IOException("keystore was tampered with"))));
    }
}
