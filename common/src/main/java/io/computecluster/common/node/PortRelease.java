package io.computecluster.common.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits until a fixed cluster port can be bound again: a node that rejoins on the port its old actor
 * system had must not start before that system has let it go.
 */
final class PortRelease {
    private static final Duration POLL = Duration.ofMillis(200);

    private PortRelease() {
    }

    /**
     * Returns true once {@code host:port} can be bound (at once for port 0), false after {@code atMost}
     * or as soon as {@code givenUp} says so.
     */
    static boolean await(String host, int port, Duration atMost, BooleanSupplier givenUp) {
        if (port == 0) {
            return true;
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!givenUp.getAsBoolean()) {
            if (free(host, port)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static boolean free(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
