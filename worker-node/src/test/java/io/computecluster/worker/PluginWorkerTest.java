package io.computecluster.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.column.Columns;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.ChunkDone;
import io.computecluster.common.protocol.WorkerProtocol.ChunkPart;
import io.computecluster.common.protocol.WorkerProtocol.ChunkProgress;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.FunctionOffer;
import io.computecluster.common.protocol.WorkerProtocol.Hello;
import io.computecluster.common.protocol.WorkerProtocol.RequestWork;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol.ToMaster;
import io.computecluster.common.protocol.WorkerProtocol.WorkerCommand;
import io.computecluster.worker.testplugin.CubeFn;
import io.computecluster.worker.testplugin.TroubleFn;
import io.computecluster.worker.testplugin.UpperFn;
import io.computecluster.worker.testplugin.WrapJsonFn;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker actors applying plug-in functions loaded from jars built at test time, the master
 * played by a probe: payloads, args, retries, the task timeout and what a function's Error does.
 */
class PluginWorkerTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "pekko.actor.provider = local\npekko.loglevel = WARNING"));
    /** Three attempts an input, 300 ms each at most. */
    private static final WorkerSettings SETTINGS = new WorkerSettings(1, 2, 8, 8, 3, Duration.ofSeconds(30))
            .withTaskTimeout(Duration.ofMillis(300));

    @TempDir
    static Path folder;
    private static FunctionCatalog catalog;

    @BeforeAll
    static void loadPlugins() {
        PluginJars.jar(folder, "text.jar", "1.0", UpperFn.class, WrapJsonFn.class);
        PluginJars.jar(folder, "math.jar", "3", CubeFn.class);
        PluginJars.jar(folder, "trouble.jar", null, TroubleFn.class);
        catalog = FunctionCatalog.load(folder, true);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private final TestProbe<ToMaster> master = testKit.createTestProbe();

    private ActorRef<WorkerCommand> worker(WorkerSettings settings) {
        ActorRef<WorkerCommand> worker = testKit.spawn(Worker.create(settings, catalog));
        worker.tell(new Hello(master.getRef()));
        master.expectMessageClass(RequestWork.class);
        return worker;
    }

    private void assign(ActorRef<WorkerCommand> worker, FunctionCall function, int chunkId, Column inputs) {
        worker.tell(new Assign(new ChunkTask("job-7", chunkId, function, inputs), master.getRef()));
    }

    private static FunctionCall call(String name, String version, String args) {
        return new FunctionCall(name, version, args, 0);
    }

    private ChunkDone done(Duration within) {
        return master.expectMessageClass(ChunkDone.class, within);
    }

    private static String text(ChunkDone done, int index) {
        return ((Blobs) done.results()).utf8At(index);
    }

    @Test
    void aNewMasterHearsThePluginFunctionsOffered() {
        ActorRef<WorkerCommand> worker = testKit.spawn(Worker.create(SETTINGS, catalog));
        worker.tell(new Hello(master.getRef()));
        List<FunctionOffer> offers = master.expectMessageClass(RequestWork.class).offers();
        assertTrue(offers.contains(new FunctionOffer("square", FunctionCall.BUILT_IN, PayloadType.INTEGER,
                PayloadType.INTEGER)), offers.toString());
        assertTrue(offers.contains(new FunctionOffer("upper", "1.0", PayloadType.TEXT, PayloadType.TEXT)));
        assertTrue(offers.contains(new FunctionOffer("wrap-json", "1.0", PayloadType.JSON, PayloadType.JSON)));
        assertTrue(offers.contains(new FunctionOffer("cube", "3", PayloadType.INTEGER, PayloadType.INTEGER)));
        assertTrue(offers.contains(new FunctionOffer("trouble", "2.0", PayloadType.TEXT, PayloadType.TEXT)));
    }

    @Test
    void textJsonAndIntegerFunctionsApplyFromTheirJarsWithTheJobsArgs() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS);
        assign(worker, call("upper", "1.0", "{\"suffix\":\"!\"}"), 0, Blobs.ofUtf8("abc", "ünï", ""));
        ChunkDone upper = done(Duration.ofSeconds(10));
        assertEquals(List.of(), upper.errors());
        assertEquals(List.of("ABC!", "ÜNÏ!", "!"), List.of(text(upper, 0), text(upper, 1), text(upper, 2)));

        assign(worker, call("wrap-json", "1.0", null), 1, Blobs.ofUtf8("{\"a\":[1,2.50]}", "\"s\""));
        ChunkDone json = done(Duration.ofSeconds(10));
        assertEquals(List.of(), json.errors());
        assertEquals("{\"wrapped\":{\"a\":[1,2.50]},\"job\":\"job-7\"}", text(json, 0));
        assertEquals("{\"wrapped\":\"s\",\"job\":\"job-7\"}", text(json, 1));

        BigInteger big = BigInteger.TEN.pow(30);
        NumbersBuilder inputs = new NumbersBuilder(2);
        inputs.setLong(0, 2);
        inputs.setBig(1, big.negate());
        assign(worker, call("cube", "3", null), 2, inputs.build());
        Numbers cubes = (Numbers) done(Duration.ofSeconds(10)).results();
        assertEquals(8L, cubes.longAt(0));
        assertEquals(big.pow(3).negate(), cubes.bigAt(1));

        assign(worker, call("trouble", "2.0", null), 3, Blobs.ofUtf8("who"));
        String who = text(done(Duration.ofSeconds(10)), 0);
        assertTrue(who.startsWith("compute-task-runner-"), "runs on the task runner: " + who);
        assertTrue(who.contains(" plugin:trouble.jar file:") && who.endsWith("trouble.jar"),
                "loaded from the jar by its own loader: " + who);
    }

    @Test
    void aThrowingInputFailsAfterEveryAttemptAndTheRestOfTheChunkSucceeds() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS);
        assign(worker, call("trouble", "2.0", null), 0, Blobs.ofUtf8("repeat:2", "throw", "repeat:3"));
        ChunkDone done = done(Duration.ofSeconds(10));
        assertEquals(List.of(new TaskError(1, "IllegalStateException: refusing on attempt 3")), done.errors());
        assertEquals("xx", text(done, 0));
        assertEquals("xxx", text(done, 2));
    }

    @Test
    void badArgsFailEveryInputOnceAndAnOtherVersionIsNotOffered() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS);
        assign(worker, call("upper", "1.0", "[1,2]"), 0, Blobs.ofUtf8("a", "b"));
        ChunkDone bad = done(Duration.ofSeconds(10));
        assertEquals(2, bad.errors().size());
        assertTrue(bad.errors().get(1).message().startsWith("args: expected a JSON object"), bad.errors().toString());

        assign(worker, call("upper", "0.9", null), 1, Blobs.ofUtf8("a"));
        assertEquals(List.of(new TaskError(0, "function upper@0.9 is not offered by this worker")),
                done(Duration.ofSeconds(10)).errors());
    }

    @Test
    void anInputPastItsTimeoutFailsWhileTheActorsKeepAnswering() {
        ActorRef<WorkerCommand> slow = worker(SETTINGS);
        ActorRef<WorkerCommand> other = worker(SETTINGS);
        long start = System.nanoTime();
        assign(slow, call("trouble", "2.0", null), 0, Blobs.ofUtf8("sleep:20000", "repeat:1"));
        // While the slow input sleeps, another worker actor of the node answers at once.
        assign(other, FunctionCall.builtIn("square"), 1, Numbers.of(12));
        ChunkDone square = done(Duration.ofMillis(800));
        assertEquals(1, square.chunkId());
        assertEquals(144L, ((Numbers) square.results()).longAt(0));

        ChunkDone timedOut = done(Duration.ofSeconds(10));
        assertEquals(0, timedOut.chunkId());
        assertEquals(List.of(new TaskError(0, "timed out after 300ms")), timedOut.errors());
        assertEquals("x", text(timedOut, 1));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis >= 900 && millis < 5000, "three attempts of 300 ms: " + millis + " ms");

        assign(slow, FunctionCall.builtIn("square"), 2, Numbers.of(5));
        assertEquals(25L, ((Numbers) done(Duration.ofSeconds(1)).results()).longAt(0), "still serving");
    }

    @Test
    void aJobsOwnTimeoutWinsOverTheNodes() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS.withTaskTimeout(Duration.ZERO));
        assign(worker, new FunctionCall("trouble", "2.0", null, 200), 0, Blobs.ofUtf8("sleep:20000"));
        assertEquals(List.of(new TaskError(0, "timed out after 200ms")), done(Duration.ofSeconds(10)).errors());
    }

    @Test
    void aFunctionIgnoringItsInterruptIsAbandonedWithItsThreadAndTheNextInputRuns() {
        WorkerSettings twoAttempts = new WorkerSettings(1, 2, 8, 8, 2, Duration.ofSeconds(30))
                .withTaskTimeout(Duration.ofMillis(300));
        ActorRef<WorkerCommand> worker = worker(twoAttempts);
        assign(worker, call("trouble", "2.0", null), 0, Blobs.ofUtf8("spin:2500", "who"));
        ChunkDone done = done(Duration.ofSeconds(10));
        assertEquals(List.of(new TaskError(0, "timed out after 300ms")), done.errors());
        String who = text(done, 1);
        assertTrue(who.startsWith("compute-task-runner-") && who.split(" ")[0].endsWith("-3"),
                "two runners abandoned, the third computes the next input: " + who);

        assign(worker, call("upper", "1.0", null), 1, Blobs.ofUtf8("ok"));
        assertEquals("OK", text(done(Duration.ofSeconds(2)), 0));
    }

    @Test
    void stackOverflowAndOutOfMemoryFailOnlyTheirInput() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS.withTaskTimeout(Duration.ofSeconds(20)));
        assign(worker, call("trouble", "2.0", null), 0, Blobs.ofUtf8("recurse", "repeat:1", "huge", "repeat:2"));
        ChunkDone done = done(Duration.ofSeconds(30));
        assertEquals(2, done.errors().size(), done.errors().toString());
        assertEquals(0, done.errors().get(0).index());
        assertTrue(done.errors().get(0).message().startsWith("StackOverflowError"), done.errors().toString());
        assertEquals(2, done.errors().get(1).index());
        assertTrue(done.errors().get(1).message().startsWith("OutOfMemoryError"), done.errors().toString());
        assertEquals("x", text(done, 1));
        assertEquals("xx", text(done, 3));
    }

    @Test
    void onlyAResultLargerThanAMessageOnItsOwnFailsItsInputTheOthersTravelInParts() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS.withMaxResultBytes(2000));
        assign(worker, call("trouble", "2.0", null), 0,
                Blobs.ofUtf8("repeat:1500", "repeat:1500", "repeat:10", "repeat:5000"));
        ChunkPart part = master.expectMessageClass(ChunkPart.class, Duration.ofSeconds(10));
        assertEquals(0, part.from());
        assertEquals(List.of(), part.errors());
        assertEquals(Blobs.ofUtf8("x".repeat(1500)), part.results());
        ChunkDone done = done(Duration.ofSeconds(10));
        assertEquals(List.of(new TaskError(3, "result of 5000 bytes exceeds the frame limit of 2000 bytes")),
                done.errors());
        assertEquals(Blobs.ofUtf8("x".repeat(1500), "x".repeat(10), ""), done.results());
    }

    /** The ChunkParts before the chunk's ChunkDone, and the ChunkDone last. */
    private List<ToMaster> partsAndDone() {
        List<ToMaster> messages = master.fishForMessage(Duration.ofSeconds(10), "parts, then the chunk's answer",
                message -> message instanceof ChunkDone ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndCollect());
        return messages.stream().filter(message -> !(message instanceof ChunkProgress)).toList();
    }

    @Test
    void resultsLargerThanInputsTravelInAsManyPartsAsTheyNeedEachInPlace() {
        // 64-byte results of short inputs; a part takes 13 bytes and 4 + 64 a result: ten of them.
        ActorRef<WorkerCommand> worker = worker(SETTINGS.withMaxResultBytes(700));
        String[] inputs = new String[45];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i == 23 ? "throw" : "repeat:64";
        }
        assign(worker, call("trouble", "2.0", null), 6, Blobs.ofUtf8(inputs));
        List<ToMaster> messages = partsAndDone();
        List<Integer> froms = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        List<TaskError> errors = new ArrayList<>();
        for (ToMaster message : messages.subList(0, messages.size() - 1)) {
            ChunkPart part = (ChunkPart) message;
            assertEquals(worker.narrow(), part.worker());
            assertEquals("job-7", part.jobId());
            assertEquals(6, part.chunkId());
            assertEquals(columns.stream().mapToInt(Column::size).sum(), part.from(), "each part starts where the"
                    + " last ended");
            froms.add(part.from());
            columns.add(part.results());
            errors.addAll(part.errors());
        }
        ChunkDone done = (ChunkDone) messages.get(messages.size() - 1);
        // The failed input's message (about 144 bytes) takes the room of two results in its part.
        assertEquals(List.of(0, 10, 20, 28), froms);
        assertEquals(List.of(new TaskError(23, "IllegalStateException: refusing on attempt 3")), errors,
                "the error travels in its part, indexed in the chunk");
        assertEquals(List.of(), done.errors());
        assertEquals(7, done.results().size(), "the ChunkDone carries the inputs after the last part");
        columns.add(done.results());
        Blobs all = (Blobs) Columns.concat(columns);
        assertEquals(45, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i == 23 ? "" : "x".repeat(64), all.utf8At(i), "result " + i);
        }

        // Integers too: 8 bytes a result, five to a part.
        assign(worker(SETTINGS.withMaxResultBytes(13 + 5 * 8)), call("cube", "3", null), 7, Numbers.range(1, 12));
        messages = partsAndDone();
        columns.clear();
        for (ToMaster message : messages.subList(0, messages.size() - 1)) {
            assertEquals(5 * columns.size(), ((ChunkPart) message).from());
            columns.add(((ChunkPart) message).results());
        }
        columns.add(((ChunkDone) messages.get(messages.size() - 1)).results());
        assertEquals(3, columns.size());
        Numbers cubes = (Numbers) Columns.concat(columns);
        for (int i = 0; i < 12; i++) {
            assertEquals((long) (i + 1) * (i + 1) * (i + 1), cubes.longAt(i));
        }
    }

    @Test
    void aBuiltInChunkStillAnswersInOneMessage() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS.withMaxResultBytes(100));
        assign(worker, FunctionCall.builtIn("square"), 0, Numbers.range(1, 100));
        ChunkDone done = done(Duration.ofSeconds(5));
        assertEquals(100, done.results().size());
        assertEquals(10_000L, ((Numbers) done.results()).longAt(99));
    }

    @Test
    void aPluginChunkLongerThanTheProgressIntervalTellsTheMasterItIsStillComputingUntilItsAnswer() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS.withTaskTimeout(Duration.ofSeconds(10))
                .withProgressInterval(Duration.ofMillis(200)));
        assign(worker, call("trouble", "2.0", null), 4, Blobs.ofUtf8("sleep:500", "sleep:500"));
        ChunkProgress first = master.expectMessageClass(ChunkProgress.class, Duration.ofSeconds(2));
        assertEquals(new ChunkProgress(worker.narrow(), "job-7", 4), first);
        List<ToMaster> rest = master.fishForMessage(Duration.ofSeconds(10), "progress until the answer",
                message -> message instanceof ChunkDone ? FishingOutcomes.complete() : FishingOutcomes.continueAndCollect());
        assertEquals(4, ((ChunkDone) rest.get(rest.size() - 1)).chunkId());
        assertTrue(rest.size() >= 3, "about four more progress messages in a second: " + rest);
        assertTrue(rest.subList(0, rest.size() - 1).stream().allMatch(first::equals), rest.toString());
        // Nothing more once the chunk is answered, not even for a built-in chunk after it.
        assign(worker, FunctionCall.builtIn("square"), 5, Numbers.of(2));
        assertEquals(5, done(Duration.ofSeconds(2)).chunkId());
        master.expectNoMessage(Duration.ofMillis(600));
    }

    @Test
    void aFastPluginChunkSendsNoProgress() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS.withProgressInterval(Duration.ofMillis(200)));
        assign(worker, call("upper", "1.0", null), 0, Blobs.ofUtf8("a"));
        assertEquals(0, done(Duration.ofSeconds(2)).chunkId());
        master.expectNoMessage(Duration.ofMillis(500));
    }

    @Test
    void aWorkerOfSlowChunksKeepsOnlyItsLeastWindowSoThatOtherWorkersGetTheRest() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS);
        // A chunk of one input asks for a window of many chunks when it is fast (a first call may
        // be slow on a busy machine: then it asks for the least window) ...
        assign(worker, call("upper", "1.0", null), 0, Blobs.ofUtf8("a"));
        int first = done(Duration.ofSeconds(2)).credit();
        assertTrue(first == SETTINGS.windowFor(1) - 1 || first == SETTINGS.window() - 1, "credit " + first);
        // ... and a slow chunk (past 10 ms) brings what it holds back to its least window, giving
        // back what it asked for beyond it: of its first window, two chunks came.
        assign(worker, call("trouble", "2.0", null), 1, Blobs.ofUtf8("sleep:50"));
        int second = done(Duration.ofSeconds(2)).credit();
        assertEquals(SETTINGS.window(), SETTINGS.window() + first + second - 2, "credit " + first + ", then " + second);
        if (first > SETTINGS.window()) {
            assertTrue(second < 0, "gives back: " + second);
        }
    }

    @Test
    void chunksQueuedBehindAPluginChunkAreAnsweredInOrder() {
        ActorRef<WorkerCommand> worker = worker(SETTINGS);
        assign(worker, call("trouble", "2.0", null), 0, Blobs.ofUtf8("sleep:100"));
        assign(worker, FunctionCall.builtIn("square"), 1, Numbers.of(3));
        assign(worker, call("upper", "1.0", null), 2, Blobs.ofUtf8("z"));
        assertEquals(List.of(0, 1, 2), List.of(done(Duration.ofSeconds(5)).chunkId(),
                done(Duration.ofSeconds(5)).chunkId(), done(Duration.ofSeconds(5)).chunkId()));
    }
}
