package io.computecluster.common.node;

import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * What a node does once its actor system has stopped: join the cluster again with a fresh actor
 * system, or end the JVM with an exit code. A node rejoins only when it may ({@code rejoins}: a
 * worker with {@code compute.worker.rejoin = on}), nobody asked it to stop (SIGTERM, Ctrl-C), and
 * it stopped because the cluster lost it: it was downed (a partition, a freeze, a crash the others
 * saw), or it is {@link ClusterGone} (a worker without a master). Anything else (a stop that was
 * asked for, a port that could not be bound, a failure) ends the JVM as before.
 *
 * @param rejoins whether this node may rejoin at all
 */
public record RejoinDecision(boolean rejoins) {

    /** The outcome: {@code cause} is why the node rejoins (null: it exits with {@code exitCode}). */
    public record Outcome(String cause, int exitCode) {
        static Outcome rejoin(String cause) {
            return new Outcome(cause, 0);
        }

        static Outcome exit(int code) {
            return new Outcome(null, code);
        }

        public boolean rejoin() {
            return cause != null;
        }
    }

    /**
     * The outcome for a system that stopped for {@code reason} (null: none recorded), with
     * {@code stopAsked} whether a SIGTERM or Ctrl-C reached the JVM.
     */
    public Outcome after(CoordinatedShutdown.Reason reason, boolean stopAsked) {
        Optional<String> cause = rejoins ? cause(reason) : Optional.empty();
        if (cause.isEmpty()) {
            return Outcome.exit(NodeLauncher.exitCode(reason));
        }
        // Asked to stop while the cluster was dropping it: the stop is what the JVM answers.
        return stopAsked ? Outcome.exit(0) : Outcome.rejoin(cause.get());
    }

    /** Why the cluster lost this node, in a few words, when it did. */
    static Optional<String> cause(CoordinatedShutdown.Reason reason) {
        if (reason == CoordinatedShutdown.clusterDowningReason()) {
            return Optional.of("downed by the cluster");
        }
        if (reason instanceof ClusterGone gone) {
            return Optional.of(gone.toString());
        }
        return Optional.empty();
    }
}
