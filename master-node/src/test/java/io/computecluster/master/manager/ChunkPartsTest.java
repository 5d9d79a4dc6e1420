package io.computecluster.master.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.ChunkPart;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol.ToWorker;
import io.computecluster.master.dispatch.ChunkKey;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChunkPartsTest {
    private static ActorTestKit kit;
    private static ActorRef<ToWorker> a;
    private static ActorRef<ToWorker> b;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create();
        a = kit.<ToWorker>createTestProbe().getRef();
        b = kit.<ToWorker>createTestProbe().getRef();
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void partsAndTheLastResultsJoinInOrderTheirErrorsKeepingTheirIndices() {
        ChunkParts parts = new ChunkParts();
        parts.add(new ChunkPart(a, "j", 3, 0, Blobs.ofUtf8("r0", "r1"), List.of()));
        parts.add(new ChunkPart(a, "j", 3, 2, Blobs.ofUtf8("", "r3"), List.of(new TaskError(2, "failed"))));
        parts.add(new ChunkPart(b, "j", 3, 0, Blobs.ofUtf8("other"), List.of()));
        List<ChunkPart> received = parts.take(a, new ChunkKey("j", 3));
        assertEquals(2, received.size());
        assertEquals(List.of(), parts.take(a, new ChunkKey("j", 3)), "taken once");

        ChunkParts.Joined joined = ChunkParts.join(received, Blobs.ofUtf8("r4", ""),
                List.of(new TaskError(5, "too")), 6);
        assertEquals(Blobs.ofUtf8("r0", "r1", "", "r3", "r4", ""), joined.results());
        assertEquals(List.of(new TaskError(2, "failed"), new TaskError(5, "too")), joined.errors());
        assertEquals(1, parts.chunks(), "the other worker's part of the chunk is still kept");
    }

    @Test
    void integerPartsJoinToo() {
        ChunkParts.Joined joined = ChunkParts.join(List.of(new ChunkPart(a, "j", 0, 0, Numbers.of(1, 4), List.of())),
                Numbers.of(9), List.of(), 3);
        assertEquals(Numbers.of(1, 4, 9), joined.results());
    }

    @Test
    void partsThatDoNotMakeUpTheChunkAreRefused() {
        ChunkPart first = new ChunkPart(a, "j", 0, 0, Numbers.of(1, 4), List.of());
        ChunkPart third = new ChunkPart(a, "j", 0, 4, Numbers.of(25), List.of());
        // A part missing in the middle, or at the start.
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChunkParts.join(List.of(first, third),
                Numbers.of(36), List.of(), 6)).getMessage().contains("starts at input 4"));
        assertThrows(IllegalArgumentException.class, () -> ChunkParts.join(List.of(third), Numbers.of(36),
                List.of(), 6));
        // Too few or too many results in all.
        assertThrows(IllegalArgumentException.class, () -> ChunkParts.join(List.of(first), Numbers.of(9), List.of(),
                4));
        assertThrows(IllegalArgumentException.class, () -> ChunkParts.join(List.of(first), Numbers.of(9, 16, 25),
                List.of(), 4));
        // An error outside its part, and parts of another kind.
        assertThrows(IllegalArgumentException.class, () -> ChunkParts.join(List.of(new ChunkPart(a, "j", 0, 0,
                Numbers.of(1, 4), List.of(new TaskError(2, "x")))), Numbers.of(9), List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> ChunkParts.join(List.of(first), Numbers.of(9),
                List.of(new TaskError(1, "x")), 3));
        assertThrows(IllegalArgumentException.class, () -> ChunkParts.join(List.of(first), Blobs.ofUtf8("9"),
                List.of(), 3));
    }

    @Test
    void partsAreDroppedByChunkByWorkerAndByJob() {
        ChunkParts parts = new ChunkParts();
        parts.add(new ChunkPart(a, "j", 0, 0, Numbers.of(1), List.of()));
        parts.add(new ChunkPart(a, "j", 1, 0, Numbers.of(1), List.of()));
        parts.add(new ChunkPart(b, "j", 1, 0, Numbers.of(1), List.of()));
        parts.add(new ChunkPart(b, "k", 0, 0, Numbers.of(1), List.of()));
        parts.add(new ChunkPart(b, "k", 1, 0, Numbers.of(1), List.of()));
        assertEquals(5, parts.chunks());
        parts.dropChunk(new ChunkKey("j", 1));
        assertEquals(3, parts.chunks());
        parts.dropWorker(a);
        assertEquals(2, parts.chunks());
        parts.dropJob("k");
        assertEquals(0, parts.chunks());
    }
}
