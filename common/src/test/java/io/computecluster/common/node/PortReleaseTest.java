package io.computecluster.common.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A rejoining node on a fixed cluster port waits until its old actor system has let the port go. */
class PortReleaseTest {

    @Test
    void aFixedPortIsWaitedForUntilItIsFreeOrGivenUp() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            assertFalse(PortRelease.await("127.0.0.1", port, Duration.ofMillis(500), () -> false));
            assertFalse(PortRelease.await("127.0.0.1", port, Duration.ofMinutes(1), () -> true), "a stop gives up");
            held.close();
            assertTrue(PortRelease.await("127.0.0.1", port, Duration.ofSeconds(5), () -> false));
        }
        assertTrue(PortRelease.await("127.0.0.1", 0, Duration.ZERO, () -> false), "port 0 is never waited for");
    }
}
