package io.computecluster.common.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.computecluster.common.column.Blobs;
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
import io.computecluster.common.protocol.WorkerProtocol.Goodbye;
import io.computecluster.common.protocol.WorkerProtocol.Hello;
import io.computecluster.common.protocol.WorkerProtocol.RequestWork;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol;
import java.io.NotSerializableException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkerProtocolSerializerTest {
    private static ActorTestKit testKit;
    private static Serialization serialization;
    private static ActorRef<WorkerProtocol.ToWorker> worker;
    private static ActorRef<WorkerProtocol.ToMaster> master;
    private static SerializerWithStringManifest compact;

    @BeforeAll
    static void start() throws NotSerializableException {
        testKit = ActorTestKit.create("ser",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
        serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
        worker = testKit.createTestProbe(WorkerProtocol.ToWorker.class).ref();
        master = testKit.createTestProbe(WorkerProtocol.ToMaster.class).ref();
        compact = (SerializerWithStringManifest) serialization.serializerFor(Hello.class);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static final FunctionCall SQUARE = FunctionCall.builtIn("square");

    private static Numbers mixed() {
        NumbersBuilder builder = new NumbersBuilder(5);
        builder.setLong(0, 3);
        builder.setBig(1, new BigInteger("-123456789012345678901234567890"));
        builder.setLong(2, Long.MIN_VALUE);
        builder.setBig(3, BigInteger.TWO.pow(200));
        builder.setLong(4, 0);
        return builder.build();
    }

    private static List<WorkerProtocol.Message> allMessages() {
        List<WorkerProtocol.Message> messages = new ArrayList<>();
        messages.add(new Hello(master));
        messages.add(new Assign(new ChunkTask("job-1", 0, SQUARE, Numbers.range(1, 1000)), master));
        messages.add(new Assign(new ChunkTask("job-ü", 7, SQUARE, Numbers.of(-1, 0, Long.MAX_VALUE)), master));
        messages.add(new Assign(new ChunkTask("j", Integer.MAX_VALUE, SQUARE, Numbers.of()), master));
        messages.add(new Assign(new ChunkTask("job-3", 2, SQUARE, mixed()), master));
        messages.add(new RequestWork(worker, 2, List.of(new FunctionOffer("square", FunctionCall.BUILT_IN,
                PayloadType.INTEGER, PayloadType.INTEGER))));
        messages.add(new RequestWork(worker, 0, List.of()));
        messages.add(new RequestWork(worker, 4, List.of(new FunctionOffer("sha256", "1.2.0", PayloadType.TEXT,
                PayloadType.TEXT), new FunctionOffer("geo-ü", "2", PayloadType.JSON, PayloadType.BYTES))));
        messages.add(new Assign(new ChunkTask("job-6", 1, new FunctionCall("sha256", "1.2.0", "{\"rounds\":3}", 2500),
                Blobs.ofUtf8("", "a", "ünïcode\n", "x".repeat(1000))), master));
        messages.add(new Assign(new ChunkTask("job-7", 0, new FunctionCall("geo", "2", null, 0), Blobs.of()),
                master));
        messages.add(new Goodbye(worker));
        messages.add(new ChunkDone(worker, "job-1", 0, Numbers.of(1, 4, 9), List.of()));
        messages.add(new ChunkDone(worker, "job-2", 3, mixed(),
                List.of(new TaskError(0, "boom"), new TaskError(4, "multi\nline — ünïcode message"))));
        messages.add(new ChunkDone(worker, "job-4", 1, Numbers.range(100, 3), List.of(new TaskError(2, ""))));
        messages.add(new ChunkDone(worker, "job-5", 9, Numbers.of(4), List.of(), 3, 1_234_567_890_123L));
        messages.add(new ChunkDone(worker, "job-6", 1, Blobs.of(new byte[] {0, -1, 7}, new byte[0], new byte[] {42}),
                List.of(new TaskError(1, "failed")), 1, 5));
        messages.add(new ChunkPart(worker, "job-6", 2, 0, Blobs.ofUtf8("a", "", "ü"),
                List.of(new TaskError(1, "failed — ünïcode"))));
        messages.add(new ChunkPart(worker, "job-8", 0, 6553, Numbers.of(1, -2), List.of()));
        messages.add(new ChunkProgress(worker, "job-1", 0));
        messages.add(new ChunkProgress(worker, "job-ü", Integer.MAX_VALUE));
        return messages;
    }

    @Test
    void javaSerializationIsOff() {
        assertFalse(testKit.system().settings().config().getBoolean("pekko.actor.allow-java-serialization"));
        // A plain java.io.Serializable object finds no working serializer.
        ArrayList<String> plain = new ArrayList<>(List.of("x"));
        assertTrue(serialization.serialize(plain).isFailure(), "java serialization must be refused");
    }

    /** A class of no binding: neither a protocol message, nor CborSerializable, nor one of Pekko's own. */
    record Unbound(String text) {
    }

    @Test
    void aClassOutsideTheBoundTypesCannotBeSentOrReceived() throws NotSerializableException {
        // Sending: no serializer is found for it, so it never leaves the node.
        NotSerializableException none = assertThrows(NotSerializableException.class,
                () -> serialization.findSerializerFor(new Unbound("x")));
        assertTrue(none.getMessage().contains(Unbound.class.getName()), none.getMessage());
        assertTrue(serialization.serialize(new Unbound("x")).isFailure(), "an unbound class must not serialize");
    }

    @Test
    void everyMessageIsBoundToTheCompactSerializer() {
        for (WorkerProtocol.Message message : allMessages()) {
            Serializer serializer = serialization.findSerializerFor(message);
            assertInstanceOf(WorkerProtocolSerializer.class, serializer, message.getClass().getSimpleName());
            assertEquals(WorkerProtocolSerializer.IDENTIFIER, serializer.identifier());
        }
    }

    @Test
    void everyMessageRoundTripsThroughTheSerializationTestKit() {
        SerializationTestKit kit = new SerializationTestKit(testKit.system());
        for (WorkerProtocol.Message message : allMessages()) {
            WorkerProtocol.Message back = kit.verifySerialization(message, true);
            assertEquals(message, back);
        }
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        ChunkDone done = new ChunkDone(worker, "job-2", 3, mixed(),
                List.of(new TaskError(1, "first"), new TaskError(3, "second")), 5, Long.MAX_VALUE);
        ChunkDone back = (ChunkDone) roundTrip(done);
        assertEquals(5, back.credit());
        assertEquals(Long.MAX_VALUE, back.computeNanos());
        assertEquals(worker, back.worker());
        assertEquals("job-2", back.jobId());
        assertEquals(3, back.chunkId());
        assertEquals(done.results().size(), back.results().size());
        for (int i = 0; i < done.results().size(); i++) {
            assertEquals(((Numbers) done.results()).bigAt(i), ((Numbers) back.results()).bigAt(i));
        }
        assertEquals(done.errors(), back.errors());

        Assign assign = new Assign(new ChunkTask("job-9", 41, SQUARE, Numbers.range(-10, 21)), master);
        Assign assignBack = (Assign) roundTrip(assign);
        assertEquals(master, assignBack.replyTo());
        assertEquals(assign.task(), assignBack.task());
        assertInstanceOf(Numbers.LongRange.class, assignBack.task().inputs());

        ChunkProgress progress = (ChunkProgress) roundTrip(new ChunkProgress(worker, "job-ü", 12));
        assertEquals(worker, progress.worker());
        assertEquals("job-ü", progress.jobId());
        assertEquals(12, progress.chunkId());
    }

    @Test
    void aChunkPartKeepsEveryFieldItsErrorsIndexedInTheChunk() throws Exception {
        Blobs results = Blobs.ofUtf8("x".repeat(64), "", "y".repeat(64));
        ChunkPart part = new ChunkPart(worker, "job-ü", 7, 1000, results,
                List.of(new TaskError(1001, "too large")));
        ChunkPart back = (ChunkPart) roundTrip(part);
        assertEquals(worker, back.worker());
        assertEquals("job-ü", back.jobId());
        assertEquals(7, back.chunkId());
        assertEquals(1000, back.from());
        assertEquals(results, back.results());
        assertEquals(List.of(new TaskError(1001, "too large")), back.errors());
        assertEquals(part, back);
        assertEquals("C", serializer().manifest(part));

        byte[] bytes = serializer().toBinary(new ChunkPart(worker, "j", 0, 0, Numbers.of(1), List.of()));
        byte[] ref = serializer().toBinary(new Goodbye(worker));
        // The ref, the job id, the chunk number, where the part starts: then the column and no errors.
        int fromAt = ref.length + 4 + 1 + 4;
        ByteBuffer.wrap(bytes).putInt(fromAt, -1);
        assertThrows(NotSerializableException.class, () -> serializer().fromBinary(bytes, "C"));
    }

    @Test
    void aProgressMessageIsSmallOnTheWire() {
        byte[] ref = serialization.serialize(new Goodbye(worker)).get();
        byte[] progress = serialization.serialize(new ChunkProgress(worker, "job-1", 0)).get();
        // The worker's ref, then the job id and the chunk number: nothing else.
        assertEquals(ref.length + 4 + "job-1".length() + 4, progress.length);
    }

    @Test
    void differentMessagesDoNotCompareEqual() throws Exception {
        // Guards the round-trip checks above: equality is not vacuous for arrays.
        ChunkDone a = new ChunkDone(worker, "j", 0, Numbers.of(1, 2), List.of());
        ChunkDone b = new ChunkDone(worker, "j", 0, Numbers.of(1, 3), List.of());
        assertNotEquals(a, b);
        assertNotEquals(roundTrip(a), b);
    }

    @Test
    void aRangeChunkIsSmallOnTheWire() {
        Assign assign = new Assign(new ChunkTask("job-1", 0, SQUARE, Numbers.range(1, 1_000_000)), master);
        byte[] bytes = serialization.serialize(assign).get();
        assertTrue(bytes.length < 200, bytes.length + " bytes");
        ChunkDone done = new ChunkDone(worker, "job-1", 0, Numbers.of(new long[1000]), List.of());
        assertTrue(serialization.serialize(done).get().length < 8 * 1000 + 200);
    }

    @Test
    void unknownManifestIsRejected() {
        SerializerWithStringManifest serializer = serializer();
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[4], "Z"));
    }

    @Test
    void nonProtocolMessageIsRejected() {
        SerializerWithStringManifest serializer = serializer();
        assertThrows(IllegalArgumentException.class, () -> serializer.manifest("not a message"));
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("not a message"));
    }

    @Test
    void everyTruncationIsRejectedAsNotSerializable() {
        SerializerWithStringManifest serializer = serializer();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (WorkerProtocol.Message message : allMessages()) {
                byte[] bytes = serializer.toBinary(message);
                String manifest = serializer.manifest(message);
                for (int length = 0; length < bytes.length; length++) {
                    byte[] truncated = Arrays.copyOf(bytes, length);
                    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, manifest),
                            message + " cut to " + length + " of " + bytes.length + " bytes");
                }
            }
        });
    }

    @Test
    void hugeLengthsAreRejectedAsNotSerializable() {
        SerializerWithStringManifest serializer = serializer();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            byte[] hugeString = ByteBuffer.allocate(16).putInt(Integer.MAX_VALUE).array();
            for (String manifest : List.of("H", "A", "R", "D", "G", "P")) {
                assertThrows(NotSerializableException.class, () -> serializer.fromBinary(hugeString, manifest));
            }
            byte[] negative = ByteBuffer.allocate(16).putInt(-5).array();
            assertThrows(NotSerializableException.class, () -> serializer.fromBinary(negative, "H"));
        });
    }

    @Test
    void moreErrorsThanResultsIsRejected() throws Exception {
        SerializerWithStringManifest serializer = serializer();
        ChunkDone done = new ChunkDone(worker, "j", 0, Numbers.of(1), List.of(new TaskError(0, "x")));
        byte[] bytes = serializer.toBinary(done);
        // The error count sits after the results, before one error (index, length, "x"), the credit
        // and the compute time.
        int countAt = bytes.length - (4 + 4 + 4 + 1 + 4 + 8);
        ByteBuffer.wrap(bytes).putInt(countAt, 1000);
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(bytes, "D"));
        ByteBuffer.wrap(bytes).putInt(countAt, -1);
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(bytes, "D"));
    }

    private static SerializerWithStringManifest serializer() {
        return compact;
    }

    private static Object roundTrip(WorkerProtocol.Message message) throws NotSerializableException {
        SerializerWithStringManifest serializer = serializer();
        return serializer.fromBinary(serializer.toBinary(message), serializer.manifest(message));
    }
}
