package io.computecluster.common.node;

import ch.qos.logback.classic.LoggerContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
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
 * The node then logs one line and halts with the exit code its shutdown reason gives, unless it
 * rejoins after that reason: then the stuck system is left behind and the node goes on with a fresh
 * one, since halting would end a worker that should come back.
 */
final class StuckTerminationWatchdog {
    private static final Logger log = LoggerFactory.getLogger(StuckTerminationWatchdog.class);
    /** Counted from the start of the last phase, which itself times out after 3 s (cluster.conf). */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private StuckTerminationWatchdog() {
    }

    /**
     * Watches {@code system}'s termination. Returns what completes when the system has terminated,
     * or when it is stuck and {@code rejoinsAfter} its shutdown reason.
     */
    static CompletableFuture<Void> install(ActorSystem<?> system,
                                           Predicate<CoordinatedShutdown.Reason> rejoinsAfter) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        system.getWhenTerminated().whenComplete((terminated, failure) -> ended.complete(null));
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        shutdown.addTask(CoordinatedShutdown.PhaseActorSystemTerminate(), "exit-if-termination-is-stuck", () -> {
            Thread watchdog = new Thread(() -> actIfStuck(system, shutdown, rejoinsAfter, ended), "termination-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        return ended;
    }

    private static void actIfStuck(ActorSystem<?> system, CoordinatedShutdown shutdown,
                                   Predicate<CoordinatedShutdown.Reason> rejoinsAfter, CompletableFuture<Void> ended) {
        try {
            Thread.sleep(GRACE.toMillis());
        } catch (InterruptedException e) {
            return;
        }
        if (system.whenTerminated().isCompleted()) {
            return;
        }
        CoordinatedShutdown.Reason reason = shutdown.getShutdownReason().orElse(null);
        if (rejoinsAfter.test(reason)) {
            log.warn("The actor system has not terminated {} s after the node left the cluster (a known Pekko TLS "
                    + "issue): leaving it behind to join again", GRACE.toSeconds());
            ended.complete(null);
            return;
        }
        int code = NodeLauncher.exitCode(reason);
        log.warn("The actor system has not terminated {} s after the node left the cluster (a known Pekko TLS "
                + "issue): exiting with code {}", GRACE.toSeconds(), code);
        ILoggerFactory loggers = LoggerFactory.getILoggerFactory();
        if (loggers instanceof LoggerContext logback) {
            logback.stop(); // flushes the async appenders; halt runs no shutdown hooks
        }
        Runtime.getRuntime().halt(code);
    }
}
