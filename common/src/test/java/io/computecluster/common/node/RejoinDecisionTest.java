package io.computecluster.common.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

/** Which stops a node answers by joining again, and which by ending the JVM with which code. */
class RejoinDecisionTest {
    private static final RejoinDecision REJOINS = new RejoinDecision(true);
    private static final RejoinDecision EXITS = new RejoinDecision(false);

    /** A worker without a master, as the worker node says it. */
    private static final ClusterGone NO_MASTER = new ClusterGone() {
        @Override
        public String toString() {
            return "no master in the cluster";
        }
    };

    @Test
    void aNodeDownedByItsClusterJoinsAgain() {
        RejoinDecision.Outcome outcome = REJOINS.after(CoordinatedShutdown.clusterDowningReason(), false);
        assertTrue(outcome.rejoin());
        assertEquals("downed by the cluster", outcome.cause());
    }

    @Test
    void aNodeWhoseClusterIsGoneJoinsAgainSayingWhy() {
        RejoinDecision.Outcome outcome = REJOINS.after(NO_MASTER, false);
        assertTrue(outcome.rejoin());
        assertEquals("no master in the cluster", outcome.cause());
    }

    @Test
    void aStopThatWasAskedForEndsTheJvmWithZero() {
        assertEquals(RejoinDecision.Outcome.exit(0), REJOINS.after(CoordinatedShutdown.jvmExitReason(), true));
        assertEquals(RejoinDecision.Outcome.exit(0), REJOINS.after(CoordinatedShutdown.clusterLeavingReason(), false));
        assertEquals(RejoinDecision.Outcome.exit(0), REJOINS.after(null, false));
    }

    @Test
    void aSignalWhileTheClusterDropsTheNodeEndsTheJvmWithZero() {
        assertEquals(RejoinDecision.Outcome.exit(0), REJOINS.after(CoordinatedShutdown.clusterDowningReason(), true));
        assertEquals(RejoinDecision.Outcome.exit(0), REJOINS.after(NO_MASTER, true));
    }

    @Test
    void aFailureOfTheNodeItselfEndsTheJvmWithOne() {
        RejoinDecision.Outcome outcome = REJOINS.after(ManagementEndpoints.BindFailed.INSTANCE, false);
        assertFalse(outcome.rejoin());
        assertEquals(1, outcome.exitCode());
        assertEquals(1, REJOINS.after(CoordinatedShutdown.clusterJoinUnsuccessfulReason(), false).exitCode());
    }

    @Test
    void withRejoinOffEveryStopEndsTheJvmAsBefore() {
        assertEquals(RejoinDecision.Outcome.exit(1), EXITS.after(CoordinatedShutdown.clusterDowningReason(), false));
        assertEquals(RejoinDecision.Outcome.exit(1), EXITS.after(NO_MASTER, false));
        assertEquals(RejoinDecision.Outcome.exit(1), EXITS.after(CoordinatedShutdown.clusterDowningReason(), true));
        assertEquals(RejoinDecision.Outcome.exit(0), EXITS.after(CoordinatedShutdown.jvmExitReason(), true));
    }
}
