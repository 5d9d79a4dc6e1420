package io.computecluster.common.node;

import ch.qos.logback.classic.LoggerContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the JVM when its actor system does not finish terminating. With {@code tls-tcp}, Pekko 1.7
 * sometimes never completes the TLS streams at termination (apache/pekko#3247, fixed after 1.7):
 * coordinated shutdown has run every phase, the node has left the cluster, yet the JVM stays up.
 * The node then logs one line and halts with the exit code its shutdown reason gives.
 */
final class StuckTerminationWatchdog {
    private static final Logger log = LoggerFactory.getLogger(StuckTerminationWatchdog.class);
    /** Counted from the start of the last phase, which itself times out after 3 s (cluster.conf). */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private StuckTerminationWatchdog() {
    }

    static void install(ActorSystem<?> system) {
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        shutdown.addTask(CoordinatedShutdown.PhaseActorSystemTerminate(), "exit-if-termination-is-stuck", () -> {
            Thread watchdog = new Thread(() -> haltIfStuck(system, shutdown), "termination-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
    }

    private static void haltIfStuck(ActorSystem<?> system, CoordinatedShutdown shutdown) {
        try {
            Thread.sleep(GRACE.toMillis());
        } catch (InterruptedException e) {
            return;
        }
        if (system.whenTerminated().isCompleted()) {
            return;
        }
        int code = NodeLauncher.exitCode(shutdown.getShutdownReason().orElse(null));
        log.warn("The actor system has not terminated {} s after the node left the cluster (a known Pekko TLS "
                + "issue): exiting with code {}", GRACE.toSeconds(), code);
        ILoggerFactory loggers = LoggerFactory.getILoggerFactory();
        if (loggers instanceof LoggerContext logback) {
            logback.stop(); // flushes the async appenders; halt runs no shutdown hooks
        }
        Runtime.getRuntime().halt(code);
    }
}
