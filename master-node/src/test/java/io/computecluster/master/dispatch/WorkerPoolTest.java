package io.computecluster.master.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.FunctionOffer;
import io.computecluster.common.protocol.WorkerProtocol.ToWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** Two local actor systems: their refs have different addresses, standing in for two worker nodes. */
    private static ActorTestKit nodeA;
    private static ActorTestKit nodeB;

    @BeforeAll
    static void start() {
        var config = ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load());
        nodeA = ActorTestKit.create("pool-a", config);
        nodeB = ActorTestKit.create("pool-b", config);
    }

    @AfterAll
    static void stop() {
        nodeA.shutdownTestKit();
        nodeB.shutdownTestKit();
    }

    private static ActorRef<ToWorker> workerOn(ActorTestKit node) {
        return node.createTestProbe(ToWorker.class).ref();
    }

    private static Address address(ActorTestKit node) {
        return workerOn(node).path().address();
    }

    private static ChunkKey chunk(int n) {
        return new ChunkKey("job", n);
    }

    /** Hands out chunks while some worker is ready, as the job manager's dispatch loop does. */
    private static List<ActorRef<ToWorker>> dispatch(WorkerPool pool, int max, int firstChunk, Instant now) {
        List<ActorRef<ToWorker>> order = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            Optional<ActorRef<ToWorker>> next = pool.nextReady();
            if (next.isEmpty()) {
                break;
            }
            pool.assigned(next.get(), chunk(firstChunk + i), now);
            order.add(next.get());
        }
        return order;
    }

    @Test
    void refsOfTwoSystemsHaveDifferentAddresses() {
        assertEquals(address(nodeA), workerOn(nodeA).path().address());
        assertNotEquals(address(nodeA), address(nodeB));
    }

    @Test
    void addIsIdempotent() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w = workerOn(nodeA);
        assertTrue(pool.add(w));
        assertFalse(pool.add(w));
        assertTrue(pool.contains(w));
        assertEquals(1, pool.size());
        assertFalse(pool.contains(workerOn(nodeA)));
    }

    @Test
    void aNewWorkerGetsNothingUntilItAsks() {
        WorkerPool pool = new WorkerPool();
        pool.add(workerOn(nodeA));
        assertTrue(pool.nextReady().isEmpty());
    }

    @Test
    void creditIsSpentByAssignmentsAndRefilledByAnswers() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w = workerOn(nodeA);
        pool.add(w);
        pool.grant(w, 2);
        assertEquals(Optional.of(w), pool.nextReady());
        assertEquals(Optional.of(w), pool.nextReady(), "nextReady does not spend credit");
        assertEquals(List.of(w, w), dispatch(pool, 10, 0, T0));
        assertTrue(pool.nextReady().isEmpty());
        assertEquals(2, pool.inFlight());

        pool.answered(w, chunk(0), 1);
        assertEquals(1, pool.inFlight());
        assertEquals(List.of(w), dispatch(pool, 10, 2, T0));
        assertTrue(pool.nextReady().isEmpty());

        pool.grant(w, 3);
        assertEquals(3, dispatch(pool, 10, 3, T0).size());
        assertEquals(1 + 1 + 3, pool.inFlight());
    }

    @Test
    void anAnswerCarriesTheCreditTheWorkerAsksFor() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w = workerOn(nodeA);
        pool.add(w);
        pool.grant(w, 1);
        assertEquals(List.of(w), dispatch(pool, 10, 0, T0));

        pool.answered(w, chunk(0), 0);
        assertTrue(pool.nextReady().isEmpty(), "a worker shrinking its window asks for nothing");
        assertEquals(0, pool.inFlight());

        pool.answered(w, chunk(0), 3);
        assertEquals(3, dispatch(pool, 10, 1, T0).size(), "a worker growing its window asks for more");
        assertTrue(pool.nextReady().isEmpty());
    }

    @Test
    void grantsToUnknownWorkersOrWithoutCreditAreIgnored() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w = workerOn(nodeA);
        pool.grant(w, 5);
        assertTrue(pool.nextReady().isEmpty());
        assertEquals(0, pool.size());
        pool.add(w);
        pool.grant(w, 0);
        pool.grant(w, -3);
        assertTrue(pool.nextReady().isEmpty());
        pool.answered(workerOn(nodeA), chunk(1), 1);
        assertTrue(pool.nextReady().isEmpty());
    }

    @Test
    void assigningToAnUnknownWorkerIsAnError() {
        WorkerPool pool = new WorkerPool();
        assertThrows(IllegalArgumentException.class, () -> pool.assigned(workerOn(nodeA), chunk(0), T0));
    }

    @Test
    void readyWorkersAreServedInTurn() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w1 = workerOn(nodeA);
        ActorRef<ToWorker> w2 = workerOn(nodeA);
        ActorRef<ToWorker> w3 = workerOn(nodeB);
        for (ActorRef<ToWorker> w : List.of(w1, w2, w3)) {
            pool.add(w);
            pool.grant(w, 2);
        }
        assertEquals(List.of(w1, w2, w3, w1, w2, w3), dispatch(pool, 10, 0, T0));
    }

    @Test
    void aWorkerThatAnswersGoesToTheBackOfTheLine() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w1 = workerOn(nodeA);
        ActorRef<ToWorker> w2 = workerOn(nodeA);
        pool.add(w1);
        pool.add(w2);
        pool.grant(w1, 1);
        pool.grant(w2, 3);
        assertEquals(List.of(w1, w2), dispatch(pool, 2, 0, T0));
        pool.answered(w1, chunk(0), 1);
        assertEquals(List.of(w2, w1, w2), dispatch(pool, 10, 2, T0));
    }

    @Test
    void leavingWorkersGetNothingButKeepWhatTheyHold() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> leaving = workerOn(nodeA);
        ActorRef<ToWorker> staying = workerOn(nodeA);
        pool.add(leaving);
        pool.add(staying);
        pool.grant(leaving, 3);
        pool.grant(staying, 1);
        assertEquals(List.of(leaving, staying), dispatch(pool, 2, 0, T0));
        pool.leaving(leaving);
        assertTrue(pool.nextReady().isEmpty());
        pool.grant(leaving, 5);
        pool.answered(leaving, chunk(0), 1);
        assertTrue(pool.nextReady().isEmpty(), "a leaving worker's answers ask for nothing more");
        assertEquals(1, pool.inFlight(), "only staying's chunk 1 is still out");
        pool.answered(staying, chunk(1), 1);
        assertEquals(List.of(staying), dispatch(pool, 10, 2, T0));
    }

    @Test
    void removeReturnsTheChunksItHeld() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w1 = workerOn(nodeA);
        ActorRef<ToWorker> w2 = workerOn(nodeA);
        pool.add(w1);
        pool.add(w2);
        pool.grant(w1, 2);
        pool.grant(w2, 2);
        dispatch(pool, 4, 0, T0); // w1: 0, 2; w2: 1, 3
        pool.answered(w1, chunk(0), 1);
        assertEquals(Set.of(chunk(2)), new HashSet<>(pool.remove(w1)));
        assertFalse(pool.contains(w1));
        assertEquals(List.of(), List.copyOf(pool.remove(w1)));
        assertEquals(2, pool.inFlight());
        assertTrue(pool.nextReady().isEmpty(), "w1 had credit left but is gone; w2 has none");
        pool.answered(w2, chunk(1), 1);
        assertEquals(List.of(w2), dispatch(pool, 10, 10, T0));
    }

    @Test
    void unreachableNodeReturnsHeldChunksAndGetsNothingUntilReachable() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> a1 = workerOn(nodeA);
        ActorRef<ToWorker> a2 = workerOn(nodeA);
        ActorRef<ToWorker> b1 = workerOn(nodeB);
        for (ActorRef<ToWorker> w : List.of(a1, a2, b1)) {
            pool.add(w);
            pool.grant(w, 2);
        }
        assertEquals(List.of(a1, a2, b1), dispatch(pool, 3, 0, T0)); // a1: 0, a2: 1, b1: 2
        List<ChunkKey> returned = pool.nodeUnreachable(address(nodeA));
        assertEquals(Set.of(chunk(0), chunk(1)), new HashSet<>(returned));
        assertEquals(1, pool.inFlight());
        assertEquals(List.of(b1), dispatch(pool, 10, 10, T0), "only the reachable node gets work");
        pool.grant(a1, 1);
        assertTrue(pool.nextReady().isEmpty(), "credit granted while unreachable waits");
        assertEquals(3, pool.size(), "unreachable workers are kept");

        pool.nodeReachable(address(nodeA));
        List<ActorRef<ToWorker>> after = dispatch(pool, 10, 20, T0);
        assertEquals(2, after.stream().filter(a1::equals).count(), "a1's credit left and the one granted");
        assertEquals(1, after.stream().filter(a2::equals).count());
        assertEquals(3, after.size());
    }

    @Test
    void reachableAgainWithoutBeingUnreachableChangesNothing() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w = workerOn(nodeA);
        pool.add(w);
        pool.grant(w, 1);
        pool.nodeReachable(address(nodeA));
        assertEquals(List.of(w), dispatch(pool, 10, 0, T0), "ready once, not twice");
    }

    @Test
    void unreachableTwiceReturnsChunksOnce() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w = workerOn(nodeA);
        pool.add(w);
        pool.grant(w, 1);
        dispatch(pool, 1, 0, T0);
        assertEquals(List.of(chunk(0)), pool.nodeUnreachable(address(nodeA)));
        assertEquals(List.of(), pool.nodeUnreachable(address(nodeA)));
        assertEquals(List.of(), pool.nodeUnreachable(address(nodeB)));
    }

    @Test
    void removedNodeTakesItsWorkersAndReturnsTheirChunks() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> a1 = workerOn(nodeA);
        ActorRef<ToWorker> b1 = workerOn(nodeB);
        pool.add(a1);
        pool.add(b1);
        pool.grant(a1, 3);
        pool.grant(b1, 1);
        dispatch(pool, 3, 0, T0); // a1: 0, 2; b1: 1
        assertEquals(Set.of(chunk(0), chunk(2)), new HashSet<>(pool.nodeRemoved(address(nodeA))));
        assertFalse(pool.contains(a1));
        assertTrue(pool.contains(b1));
        assertEquals(1, pool.size());
        assertTrue(pool.nextReady().isEmpty(), "a1 still had credit but is gone");
        assertEquals(Map.of(WorkerPool.nodeName(address(nodeB)), 1), pool.workersPerNode());
    }

    @Test
    void removedAfterUnreachable() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> a1 = workerOn(nodeA);
        pool.add(a1);
        pool.grant(a1, 2);
        dispatch(pool, 1, 0, T0);
        assertEquals(List.of(chunk(0)), pool.nodeUnreachable(address(nodeA)));
        assertEquals(List.of(), pool.nodeRemoved(address(nodeA)), "chunks are returned once");
        assertEquals(0, pool.size());
        // A new worker on a node with the same address (a restarted node) is not held back.
        ActorRef<ToWorker> again = workerOn(nodeA);
        pool.add(again);
        pool.grant(again, 1);
        assertEquals(Optional.of(again), pool.nextReady());
    }

    @Test
    void overdueReturnsChunksHeldLongerThanTheTimeout() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w1 = workerOn(nodeA);
        ActorRef<ToWorker> w2 = workerOn(nodeB);
        pool.add(w1);
        pool.add(w2);
        pool.grant(w1, 2);
        pool.grant(w2, 2);
        pool.assigned(w1, chunk(0), T0);
        pool.assigned(w2, chunk(1), T0.plusSeconds(30));
        pool.assigned(w1, chunk(2), T0.plusSeconds(40));
        Duration timeout = Duration.ofSeconds(60);
        assertEquals(List.of(), pool.overdue(T0.plusSeconds(60), timeout), "exactly the timeout is not overdue");
        assertEquals(List.of(chunk(0)), pool.overdue(T0.plusSeconds(61), timeout));
        assertEquals(2, pool.inFlight());
        assertEquals(List.of(), pool.overdue(T0.plusSeconds(61), timeout), "returned once");
        assertEquals(Set.of(chunk(1), chunk(2)), new HashSet<>(pool.overdue(T0.plusSeconds(101), timeout)));
        assertEquals(0, pool.inFlight());
        // The slow worker's late answer still asks for one more chunk.
        pool.answered(w1, chunk(0), 1);
        assertEquals(List.of(w2, w1), dispatch(pool, 10, 10, T0.plusSeconds(102)));
    }

    @Test
    void progressMakesTheTimeoutCountFromItForThatChunkAlone() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w1 = workerOn(nodeA);
        pool.add(w1);
        pool.grant(w1, 2);
        pool.assigned(w1, chunk(0), T0);
        pool.assigned(w1, chunk(1), T0);
        Duration timeout = Duration.ofSeconds(60);
        assertTrue(pool.progress(w1, chunk(0), T0.plusSeconds(50)));
        assertEquals(List.of(chunk(1)), pool.overdue(T0.plusSeconds(61), timeout));
        assertEquals(List.of(), pool.overdue(T0.plusSeconds(110), timeout), "60 s since its progress is not past");
        assertTrue(pool.progress(w1, chunk(0), T0.plusSeconds(100)));
        // Progress out of order moves nothing back.
        assertTrue(pool.progress(w1, chunk(0), T0.plusSeconds(70)));
        assertEquals(List.of(), pool.overdue(T0.plusSeconds(160), timeout));
        assertEquals(List.of(chunk(0)), pool.overdue(T0.plusSeconds(161), timeout));
    }

    @Test
    void anAnswerStillReportsWhenTheChunkWasSentNotItsLastProgress() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w1 = workerOn(nodeA);
        pool.add(w1);
        pool.grant(w1, 1);
        pool.assigned(w1, chunk(0), T0);
        pool.progress(w1, chunk(0), T0.plusSeconds(30));
        assertEquals(T0, pool.answered(w1, chunk(0), 1));
    }

    @Test
    void progressOnAChunkTheWorkerNoLongerHoldsChangesNothing() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w1 = workerOn(nodeA);
        ActorRef<ToWorker> w2 = workerOn(nodeB);
        pool.add(w1);
        pool.add(w2);
        pool.grant(w1, 2);
        pool.grant(w2, 1);
        pool.assigned(w1, chunk(0), T0);
        Duration timeout = Duration.ofSeconds(60);
        assertEquals(List.of(chunk(0)), pool.overdue(T0.plusSeconds(61), timeout));
        // Handed to w2: the first worker's late progress does not keep it for w2, nor for itself.
        pool.assigned(w2, chunk(0), T0.plusSeconds(62));
        assertFalse(pool.progress(w1, chunk(0), T0.plusSeconds(100)));
        assertEquals(List.of(chunk(0)), pool.overdue(T0.plusSeconds(123), timeout));
        assertFalse(pool.progress(w1, chunk(7), T0), "a chunk never sent");
        assertFalse(pool.progress(workerOn(nodeA), chunk(0), T0), "an unknown worker");
        assertEquals(0, pool.inFlight());
    }

    @Test
    void progressDoesNotKeepAChunkOnAnUnreachableOrRemovedNode() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w1 = workerOn(nodeA);
        ActorRef<ToWorker> w2 = workerOn(nodeB);
        pool.add(w1);
        pool.add(w2);
        pool.grant(w1, 1);
        pool.grant(w2, 1);
        pool.assigned(w1, chunk(0), T0);
        pool.assigned(w2, chunk(1), T0);
        assertTrue(pool.progress(w1, chunk(0), T0.plusSeconds(1)));
        assertEquals(List.of(chunk(0)), pool.nodeUnreachable(address(nodeA)), "progress is no membership");
        assertFalse(pool.progress(w1, chunk(0), T0.plusSeconds(2)));
        assertTrue(pool.progress(w2, chunk(1), T0.plusSeconds(2)));
        assertEquals(List.of(chunk(1)), pool.nodeRemoved(address(nodeB)));
        assertFalse(pool.progress(w2, chunk(1), T0.plusSeconds(3)));
        assertEquals(0, pool.inFlight());
    }

    @Test
    void workersPerNode() {
        WorkerPool pool = new WorkerPool();
        pool.add(workerOn(nodeA));
        pool.add(workerOn(nodeA));
        pool.add(workerOn(nodeB));
        Map<String, Integer> perNode = pool.workersPerNode();
        assertEquals(3, perNode.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(3, pool.size());
    }

    @Test
    void eachNodeListsItsWorkerActorsByNameWithTheChunksEachHolds() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> busy = workerOn(nodeA);
        ActorRef<ToWorker> idle = workerOn(nodeA);
        pool.add(busy);
        pool.add(idle);
        pool.grant(busy, 3);
        pool.assigned(busy, chunk(0), T0);
        pool.assigned(busy, chunk(1), T0);

        WorkerPool.NodeLoad a = pool.nodes().get(WorkerPool.nodeName(address(nodeA)));
        assertEquals(2, a.actors());
        assertEquals(2, a.chunksInFlight());
        List<String> names = a.workerActors().stream().map(WorkerPool.ActorLoad::name).toList();
        assertEquals(names.stream().sorted().toList(), names, "sorted by name");
        assertTrue(a.workerActors().contains(new WorkerPool.ActorLoad(busy.path().name(), 2)), a.workerActors().toString());
        assertTrue(a.workerActors().contains(new WorkerPool.ActorLoad(idle.path().name(), 0)), a.workerActors().toString());
    }

    @Test
    void nodeNameIsHostAndPort() {
        assertEquals("10.0.0.7:25520", WorkerPool.nodeName(new Address("pekko", "compute-cluster", "10.0.0.7", 25520)));
        assertEquals("local:0", WorkerPool.nodeName(new Address("pekko", "local-system")));
    }

    @Test
    void aPoolKnowsWhatEachWorkerOffersAndWhichNodesOfferItNow() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> a = workerOn(nodeA);
        ActorRef<ToWorker> b = workerOn(nodeB);
        pool.add(a);
        pool.add(b);
        FunctionOffer square = new FunctionOffer("square", FunctionCall.BUILT_IN, PayloadType.INTEGER,
                PayloadType.INTEGER);
        FunctionOffer sha = new FunctionOffer("sha256", "1.0", PayloadType.TEXT, PayloadType.TEXT);
        pool.offers(a, List.of(square, sha));
        pool.offers(b, List.of(square));
        FunctionCall shaCall = new FunctionCall("sha256", "1.0", null, 0);
        assertTrue(pool.offers(a, shaCall));
        assertFalse(pool.offers(b, shaCall));
        assertFalse(pool.offers(a, new FunctionCall("sha256", "1.1", null, 0)), "another version");
        assertTrue(pool.anyLiveOffers(shaCall));
        assertEquals(List.of(square, sha).stream().map(FunctionOffer::key).sorted().toList(),
                pool.offersPerNode().get(WorkerPool.nodeName(address(nodeA))).stream().map(FunctionOffer::key)
                        .toList());
        pool.nodeUnreachable(address(nodeA));
        assertFalse(pool.anyLiveOffers(shaCall), "an unreachable node offers nothing now");
        pool.nodeReachable(address(nodeA));
        pool.leaving(a);
        assertFalse(pool.anyLiveOffers(shaCall), "nor does a leaving worker");
        assertEquals(1, pool.offersPerNode().size());
    }

    @Test
    void aWorkerPassedOverIsSkippedForTheNextReadyOne() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> a = workerOn(nodeA);
        ActorRef<ToWorker> b = workerOn(nodeB);
        pool.add(a);
        pool.add(b);
        pool.grant(a, 1);
        pool.grant(b, 1);
        assertEquals(a, pool.nextReady().orElseThrow());
        assertEquals(b, pool.nextReady(Set.of(a)).orElseThrow());
        assertTrue(pool.nextReady(Set.of(a, b)).isEmpty());
        assertEquals(a, pool.nextReady().orElseThrow(), "passing over changes no worker's turn");
    }

    @Test
    void aNegativeCreditTakesBackWhatAWorkerAskedForButNeverBelowNothing() {
        WorkerPool pool = new WorkerPool();
        ActorRef<ToWorker> w = workerOn(nodeA);
        pool.add(w);
        pool.grant(w, 5);
        pool.grant(w, -3);
        assertEquals(2, dispatch(pool, 10, 0, T0).size());
        pool.grant(w, 1);
        pool.grant(w, -4);
        assertTrue(pool.nextReady().isEmpty(), "no credit left, none owed");
        pool.grant(w, 1);
        assertEquals(w, pool.nextReady().orElseThrow());
    }
}
