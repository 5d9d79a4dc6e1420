package io.computecluster.common.node;

import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * Why a node stopped by itself because its cluster has no place for it any more (a worker whose
 * cluster has had no master for a while): a node that rejoins ({@link RejoinDecision}) joins again.
 * Its {@code toString} says why, in a few words, for the rejoin line.
 */
public interface ClusterGone extends CoordinatedShutdown.Reason {
}
