package io.computecluster.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.computecluster.common.metrics.NodeMetrics;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.ChunkDone;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.Goodbye;
import io.computecluster.common.protocol.WorkerProtocol.Hello;
import io.computecluster.common.protocol.WorkerProtocol.RequestWork;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol.ToMaster;
import io.computecluster.common.protocol.WorkerProtocol.WorkerCommand;
import io.computecluster.common.protocol.WorkerProtocol;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One worker actor driven directly, the master played by a probe: the credit it asks for, the
 * window it grows for small chunks, and retries of failing inputs under its supervisor.
 */
class WorkerTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "pekko.actor.provider = local\npekko.loglevel = WARNING"));
    /** Two chunks at hand at least, eight at most, enough for eight inputs; three attempts per input. */
    private static final WorkerSettings SETTINGS = new WorkerSettings(1, 2, 8, 8, 3, Duration.ofSeconds(30));

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private final TestProbe<ToMaster> master = testKit.createTestProbe();

    private ActorRef<WorkerCommand> greetedWorker() {
        return greetedWorker(SETTINGS);
    }

    private ActorRef<WorkerCommand> greetedWorker(WorkerSettings settings) {
        ActorRef<WorkerCommand> worker = testKit.spawn(Worker.create(settings));
        worker.tell(new Hello(master.getRef()));
        RequestWork request = master.expectMessageClass(RequestWork.class);
        assertEquals(settings.window(), request.credit(), "a new worker asks for its window");
        return worker;
    }

    private void assign(ActorRef<WorkerCommand> worker, String function, int chunkId, long... inputs) {
        worker.tell(new Assign(new ChunkTask("j-1", chunkId, WorkerProtocol.FunctionCall.builtIn(function),
                Numbers.of(inputs)), master.getRef()));
    }

    private static long[] squares(long... inputs) {
        return LongStream.of(inputs).map(x -> x * x).toArray();
    }

    private static long[] values(io.computecluster.common.column.Column column) {
        Numbers numbers = (Numbers) column;
        long[] values = new long[numbers.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = numbers.longAt(i);
        }
        return values;
    }

    @Test
    void everyChunkDoneReturnsItsResultsInOrderAndAsksForOneMore() {
        ActorRef<WorkerCommand> worker = greetedWorker();
        assign(worker, "square", 0, 1, 2, 3, 4);
        assign(worker, "square", 1, -5, 6, 7, 8);
        ChunkDone first = master.expectMessageClass(ChunkDone.class);
        ChunkDone second = master.expectMessageClass(ChunkDone.class);
        assertEquals(List.of(0, 1), List.of(first.chunkId(), second.chunkId()));
        assertArrayEquals(squares(1, 2, 3, 4), values(first.results()));
        assertArrayEquals(squares(-5, 6, 7, 8), values(second.results()));
        assertEquals(List.of(1, 1), List.of(first.credit(), second.credit()), "a chunk of 4: the window stays 2");
        assertEquals(List.of(), second.errors());
    }

    @Test
    void smallChunksGrowTheWindowUpToItsMaximum() {
        ActorRef<WorkerCommand> worker = greetedWorker();
        assign(worker, "square", 0, 3);
        ChunkDone done = master.expectMessageClass(ChunkDone.class);
        // One input a chunk, eight inputs in flight: eight chunks at hand, seven more than are asked for.
        assertEquals(7, done.credit());
        assign(worker, "square", 1, 4);
        assertEquals(1, master.expectMessageClass(ChunkDone.class).credit(), "the window is full again");
    }

    @Test
    void aFailingInputIsRetriedByARestartedWorkerAndTheRestOfTheChunkGoesOn() {
        // A window of 2 whatever the chunks' size or speed (restarts can make a chunk slow), so that
        // the credit asked for says only whether the restarts kept it.
        ActorRef<WorkerCommand> worker = greetedWorker(new WorkerSettings(1, 2, 8, 2, 3, Duration.ofSeconds(30)));
        assign(worker, FlakySquare.NAME, 0, 1, 1002, 3);
        ChunkDone done = master.expectMessageClass(ChunkDone.class, Duration.ofSeconds(10));
        assertEquals(List.of(), done.errors(), "1002 failed twice and succeeded on its third attempt");
        assertEquals(1002L * 1002, values(done.results())[1]);
        assertEquals(9L, values(done.results())[2]);

        assign(worker, FlakySquare.NAME, 1, 4, -5, 6);
        ChunkDone failed = master.expectMessageClass(ChunkDone.class, Duration.ofSeconds(10));
        assertEquals(List.of(new TaskError(1, "ArithmeticException: refusing -5")), failed.errors(),
                "-5 fails on all three attempts");
        assertEquals(16L, values(failed.results())[0]);
        assertEquals(36L, values(failed.results())[2]);
        assertEquals(1, failed.credit(), "the restarted worker kept its credit");
        // The node's /metrics: inputs by function, each input once whatever its attempts.
        assertEquals(5.0, tasks("compute.worker.tasks.done"), "inputs with a result");
        assertEquals(1.0, tasks("compute.worker.tasks.failed"), "inputs failed after their retries");
        assertTrue(NodeMetrics.get(testKit.system()).scrape().contains(
                "compute_worker_task_duration_seconds_count{function=\"" + FlakySquare.NAME + "\"} 6"));

        assign(worker, "square", 2, 7);
        assertEquals(49L, values(master.expectMessageClass(ChunkDone.class).results())[0], "still serving");
    }

    private static double tasks(String meter) {
        return NodeMetrics.get(testKit.system()).registry().get(meter).tag("function", FlakySquare.NAME).counter()
                .count();
    }

    @Test
    void anUnknownFunctionFailsEachInputOfTheChunk() {
        ActorRef<WorkerCommand> worker = greetedWorker();
        assign(worker, "no-such-function", 0, 1, 2);
        ChunkDone done = master.expectMessageClass(ChunkDone.class);
        assertEquals(List.of(new TaskError(0, "unknown function 'no-such-function' on this worker"),
                new TaskError(1, "unknown function 'no-such-function' on this worker")), done.errors());
    }

    @Test
    void aDrainedWorkerSaysGoodbyeAndAsksNoMoreWork() {
        ActorRef<WorkerCommand> worker = greetedWorker();
        TestProbe<Done> drained = testKit.createTestProbe();
        worker.tell(new Worker.Drain(drained.getRef()));
        assertInstanceOf(Goodbye.class, master.receiveMessage());
        drained.expectMessage(Done.getInstance());

        assign(worker, "square", 0, 2);
        assertEquals(0, master.expectMessageClass(ChunkDone.class).credit(), "what it still gets, it answers");
        TestProbe<ToMaster> newMaster = testKit.createTestProbe();
        worker.tell(new Hello(newMaster.getRef()));
        assertInstanceOf(Goodbye.class, newMaster.receiveMessage(), "a new master hears goodbye, not a request");
    }

    @Test
    void aNewMasterGetsTheWholeWindowAskedAgain() {
        ActorRef<WorkerCommand> worker = greetedWorker();
        TestProbe<ToMaster> newMaster = testKit.createTestProbe();
        worker.tell(new Hello(newMaster.getRef()));
        assertEquals(SETTINGS.window(), newMaster.expectMessageClass(RequestWork.class).credit());
    }

    @Test
    void aMasterThatGreetsAgainHasDroppedTheWorkerAndGetsTheWholeWindowAskedAgain() {
        ActorRef<WorkerCommand> worker = greetedWorker();
        assign(worker, "square", 0, 2);
        master.expectMessageClass(ChunkDone.class);
        worker.tell(new Hello(master.getRef()));
        // The whole window, which a chunk this small has grown past the first one.
        int credit = master.expectMessageClass(RequestWork.class).credit();
        assertTrue(credit > SETTINGS.window(), "a worker the master dropped while it was unreachable for a moment"
                + " would otherwise idle for good; asked " + credit);
    }
}
