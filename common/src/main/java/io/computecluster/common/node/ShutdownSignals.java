package io.computecluster.common.node;

import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into Pekko's coordinated shutdown, run on a normal thread: the node
 * leaves the cluster, hands back its work and the JVM exits 0, instead of the signal's 143.
 */
final class ShutdownSignals {
    private ShutdownSignals() {
    }

    static void install(ActorSystem<?> system) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal ->
                        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.jvmExitReason()));
            } catch (IllegalArgumentException unsupported) {
                // The JVM's own shutdown hook still runs coordinated shutdown on this platform.
            }
        }
    }
}
