package io.computecluster.common.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** SIGTERM and Ctrl-C stop the node's current actor system, also one handed over after them (a rejoining node). */
class ShutdownSignalsTest {
    private static final String LOCAL = """
            pekko.actor.provider = local
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            """;

    @Test
    void aStopAskedBeforeTheNextSystemIsHandedOverStopsThatSystemAtOnce() {
        ShutdownSignals signals = new ShutdownSignals();
        signals.stop();
        assertTrue(signals.stopAsked());
        ActorSystem<Void> next = ActorSystem.create(Behaviors.empty(), "next", ConfigFactory.parseString(LOCAL));
        signals.watch(next);
        await().atMost(Duration.ofSeconds(30)).until(() -> next.whenTerminated().isCompleted());
        assertEquals(CoordinatedShutdown.jvmExitReason(), CoordinatedShutdown.get(next).getShutdownReason().orElseThrow());
    }

    @Test
    void aStopStopsTheSystemHandedOver() {
        ShutdownSignals signals = new ShutdownSignals();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "current", ConfigFactory.parseString(LOCAL));
        signals.watch(system);
        assertFalse(signals.stopAsked());
        signals.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> system.whenTerminated().isCompleted());
    }
}
