package io.computecluster.master.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.master.manager.JobManagerProtocol.ResultsReply;
import io.computecluster.master.manager.JobManagerProtocol.StatusReply;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobWaitersTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local"));
    private final ActorRef<StatusReply> statusAsker = testKit.<StatusReply>createTestProbe().ref();
    private final ActorRef<ResultsReply> stream = testKit.<ResultsReply>createTestProbe().ref();

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void waitersForAJobsEndAreWokenOnceWhenItEndsOrTheirTimeIsUp() {
        JobWaiters waiters = new JobWaiters(10);
        JobWaiters.EndWaiter first = waiters.awaitEnd("a", statusAsker).orElseThrow();
        JobWaiters.EndWaiter second = waiters.awaitEnd("a", statusAsker).orElseThrow();
        waiters.awaitEnd("b", statusAsker).orElseThrow();
        assertEquals(3, waiters.size());
        assertTrue(waiters.expired(second.id()).isPresent());
        assertTrue(waiters.expired(second.id()).isEmpty(), "expires once");
        assertEquals(List.of(first), waiters.ended("a"));
        assertEquals(List.of(), waiters.ended("a"));
        assertEquals(1, waiters.size());
    }

    @Test
    void streamsWaitForTheirChunkOrForTheJobToStop() {
        JobWaiters waiters = new JobWaiters(10);
        assertTrue(waiters.awaitChunk("a", 3, stream));
        assertTrue(waiters.awaitChunk("a", 3, stream));
        assertTrue(waiters.awaitChunk("a", 4, stream));
        assertEquals(List.of(stream, stream), waiters.chunkDone("a", 3));
        assertEquals(List.of(), waiters.chunkDone("a", 3));
        assertEquals(1, waiters.size());
        assertEquals(List.of(stream), waiters.noMoreChunks("a"));
        assertEquals(0, waiters.size());
    }

    @Test
    void pastTheLimitARequestIsRefusedAndRoomComesBackAsWaitersLeave() {
        JobWaiters waiters = new JobWaiters(2);
        JobWaiters.EndWaiter waiting = waiters.awaitEnd("a", statusAsker).orElseThrow();
        assertTrue(waiters.awaitChunk("a", 0, stream));
        assertTrue(waiters.awaitEnd("a", statusAsker).isEmpty(), "both kinds count against one limit");
        assertFalse(waiters.awaitChunk("a", 1, stream));
        waiters.expired(waiting.id());
        assertTrue(waiters.awaitChunk("a", 1, stream));
        waiters.noMoreChunks("a");
        assertEquals(0, waiters.size());
        assertTrue(waiters.awaitEnd("a", statusAsker).isPresent());
    }
}
