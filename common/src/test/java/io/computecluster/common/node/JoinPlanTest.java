package io.computecluster.common.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ClusterSettings;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

/** Whom a starting node asks to join: what Pekko then does follows from the order. */
class JoinPlanTest {
    private static final String DEFAULT = ClusterSettings.DEFAULT_SEED;

    private static ClusterSettings settings(int port, boolean seedsGiven, String... seeds) {
        return new ClusterSettings("compute-cluster", "127.0.0.1", port, "127.0.0.1", port, List.of(seeds), seedsGiven,
                List.of("master"), "logs", true, 0, false, null);
    }

    private static Address at(int port) {
        return new Address("pekko", "compute-cluster", "127.0.0.1", port);
    }

    @Test
    void aMasterOnAnotherPortWithoutSeedsGoesFirstThenTheDefaultSeed() {
        // bin/master --port 25600: it joins a master on 25520 if one answers, else forms a cluster.
        JoinPlan plan = JoinPlan.of(settings(25600, false, DEFAULT), true, at(25600));

        assertEquals(List.of(at(25600), at(25520)), plan.seeds());
        assertTrue(plan.mayFormAlone());
        assertEquals(List.of("127.0.0.1:25520"), plan.otherSeeds());
    }

    @Test
    void aMasterOnAFreePortWithoutSeedsDoesTheSame() {
        JoinPlan plan = JoinPlan.of(settings(0, false, DEFAULT), true, at(41234));

        assertEquals(List.of(at(41234), at(25520)), plan.seeds());
    }

    @Test
    void theMasterOnTheDefaultPortIsItsOwnSeed() {
        JoinPlan plan = JoinPlan.of(settings(25520, false, DEFAULT), true, at(25520));

        assertEquals(List.of(at(25520)), plan.seeds());
        assertTrue(plan.mayFormAlone());
        assertTrue(plan.otherSeeds().isEmpty());
    }

    @Test
    void aStandbyGivenTheActiveMastersSeedWaitsForIt() {
        // bin/master --port 25521 --http-port 8081 --seed 127.0.0.1:25520
        JoinPlan plan = JoinPlan.of(settings(25521, true, DEFAULT), true, at(25521));

        assertEquals(List.of(at(25520)), plan.seeds());
        assertFalse(plan.mayFormAlone());
    }

    @Test
    void selfIsTheBoundAddressWhereverItStands() {
        JoinPlan alone = JoinPlan.of(settings(0, true, "self"), true, at(41234));
        assertEquals(List.of(at(41234)), alone.seeds());
        assertTrue(alone.mayFormAlone());

        JoinPlan last = JoinPlan.of(settings(0, true, "10.0.0.5:25520", "self"), true, at(41234));
        assertEquals(List.of(new Address("pekko", "compute-cluster", "10.0.0.5", 25520), at(41234)), last.seeds());
        assertFalse(last.mayFormAlone(), "not first: it only joins the others");
        assertEquals(List.of("10.0.0.5:25520"), last.otherSeeds());
    }

    @Test
    void aWorkerNeverPutsItselfFirst() {
        JoinPlan plan = JoinPlan.of(settings(0, false, DEFAULT), false, at(41234));

        assertEquals(List.of(at(25520)), plan.seeds());
        assertFalse(plan.mayFormAlone());
    }

    @Test
    void seedsOfOtherHostsAndIpv6AreTakenAsGiven() {
        JoinPlan plan = JoinPlan.of(settings(0, false, "node-a.example:25520", "[::1]:25521"), true, at(41234));

        assertEquals(List.of("node-a.example:25520", "[::1]:25521"), plan.otherSeeds());
        assertFalse(plan.mayFormAlone(), "seeds of the conf other than the default are waited for");
    }
}
