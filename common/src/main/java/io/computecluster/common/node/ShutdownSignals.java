package io.computecluster.common.node;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into Pekko's coordinated shutdown, run on a normal thread: the node
 * leaves the cluster, hands back its work and the JVM exits 0, instead of the signal's 143. Installed
 * once per JVM; a node that rejoins hands it each fresh actor system ({@link #watch}), and a signal
 * that comes between two systems, or while one starts, is kept ({@link #stopAsked}) and stops the
 * next one as soon as it is handed over.
 */
final class ShutdownSignals {
    private final AtomicBoolean stopAsked = new AtomicBoolean();
    private final AtomicReference<ActorSystem<?>> current = new AtomicReference<>();

    /** Signals not installed yet: {@link #install} installs them, tests call {@link #stop} themselves. */
    ShutdownSignals() {
    }

    static ShutdownSignals install() {
        ShutdownSignals signals = new ShutdownSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> signals.stop());
            } catch (IllegalArgumentException unsupported) {
                // The JVM's own shutdown hook still runs coordinated shutdown on this platform.
            }
        }
        return signals;
    }

    /** The node's actor system from now on; stopped at once when a stop was asked already. */
    void watch(ActorSystem<?> system) {
        current.set(system);
        if (stopAsked.get()) {
            stop(system);
        }
    }

    /** Whether a SIGTERM or Ctrl-C reached the JVM. */
    boolean stopAsked() {
        return stopAsked.get();
    }

    void stop() {
        // Flag first, system second: watch() sets the system first and reads the flag second, so a
        // system handed over while a signal comes is stopped by one of the two.
        stopAsked.set(true);
        ActorSystem<?> system = current.get();
        if (system != null) {
            stop(system);
        }
    }

    private static void stop(ActorSystem<?> system) {
        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.jvmExitReason());
    }
}
