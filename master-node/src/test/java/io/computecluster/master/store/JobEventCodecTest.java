package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent.ChunkResult;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Every job event survives the store byte for byte; results of a range take half the bytes of longs. */
class JobEventCodecTest {
    private static final Instant AT = Instant.parse("2026-11-22T17:00:00.123456789Z");

    @Example
    void aRangeJobAndAListedJobRoundTrip() {
        JobEvent.JobSubmitted range = new JobEvent.JobSubmitted("j-1", new JobSpec("square", new InputSource.Range(
                new BigInteger("-123456789012345678901234567890"), new BigInteger("-123456789012345678901234560000")),
                1000), AT);
        assertEquals(range, roundTrip(range));

        Numbers listed = new Numbers.MixedArray(new long[] {3, 0, -4},
                new BigInteger[] {null, new BigInteger("99999999999999999999999"), null});
        JobEvent.JobSubmitted list = (JobEvent.JobSubmitted) roundTrip(new JobEvent.JobSubmitted("j-2",
                new JobSpec("square", new InputSource.Listed(listed), 2), AT));
        InputSource.Listed inputs = (InputSource.Listed) list.spec().inputs();
        assertEquals(3, inputs.values().size());
        assertEquals(new BigInteger("99999999999999999999999"), ((Numbers) inputs.values()).bigAt(1));
        assertEquals(-4, ((Numbers) inputs.values()).longAt(2));
        assertEquals(AT, list.at());
    }

    @Example
    void aStoredJobRoundTripsWithItsBlockLayoutAndFunction() {
        JobEvent.JobSubmitted stored = new JobEvent.JobSubmitted("j-3", new JobSpec(
                new io.computecluster.common.protocol.WorkerProtocol.FunctionCall("upper", "1.2.0", "{\"x\":1}", 5000),
                io.computecluster.common.column.PayloadType.TEXT, io.computecluster.common.column.PayloadType.TEXT,
                new InputSource.Stored(io.computecluster.common.column.PayloadType.TEXT, 10_000,
                        new long[] {4096, 8192, 10_000}, 321, 0), 500), AT);
        JobEvent.JobSubmitted read = (JobEvent.JobSubmitted) roundTrip(stored);
        assertEquals(stored, read);
        InputSource.Stored inputs = (InputSource.Stored) read.spec().inputs();
        assertEquals(3, inputs.blocks());
        assertEquals(321, inputs.maxValueBytes());
        assertEquals(2, inputs.blockOf(9000));
    }

    @Example
    void chunkResultsOfEveryFormRoundTripWithTheirFailures() {
        long[] squares = new long[10_000];
        Arrays.setAll(squares, i -> (long) (i + 1) * (i + 1));
        ChunkResult sequential = new ChunkResult(0, new Numbers.LongArray(squares), List.of(), "127.0.0.1:1");
        ChunkResult scattered = new ChunkResult(1, new Numbers.LongArray(new long[] {Long.MIN_VALUE, Long.MAX_VALUE,
                0, -1, 1}), List.of(new TaskError(2, "ArithmeticException: refusing 0 – ünïcödé")), "host:2");
        ChunkResult big = new ChunkResult(7, new Numbers.MixedArray(new long[] {1, 0},
                new BigInteger[] {null, BigInteger.TWO.pow(200)}), List.of(), "h:3");
        ChunkResult range = new ChunkResult(9, Numbers.range(5, 3), List.of(), "h:4");
        JobEvent.ChunksCompleted event = new JobEvent.ChunksCompleted(List.of(sequential, scattered, big, range), AT);

        JobEvent.ChunksCompleted back = (JobEvent.ChunksCompleted) roundTrip(event);

        assertEquals(AT, back.at());
        assertEquals(4, back.chunks().size());
        for (int i = 0; i < 4; i++) {
            ChunkResult expected = event.chunks().get(i);
            ChunkResult actual = back.chunks().get(i);
            assertEquals(expected.chunk(), actual.chunk());
            assertEquals(expected.workerNode(), actual.workerNode());
            assertEquals(expected.errors(), actual.errors());
            assertEquals(expected.values().size(), actual.values().size());
            for (int v = 0; v < expected.values().size(); v++) {
                assertEquals(((Numbers) expected.values()).bigAt(v), ((Numbers) actual.values()).bigAt(v), "chunk " + i + " value " + v);
            }
        }
    }

    @Example
    void squaresOfARangeTakeAboutHalfTheBytesOfLongs() {
        long[] squares = new long[10_000];
        Arrays.setAll(squares, i -> (long) (5_000_000 + i) * (5_000_000 + i));
        byte[] stored = JobEventCodec.encode(new JobEvent.ChunksCompleted(List.of(
                new ChunkResult(0, new Numbers.LongArray(squares), List.of(), "n")), AT));
        assertTrue(stored.length < 10_000 * 5, stored.length + " bytes");
    }

    @Example
    void aCancellationRoundTrips() {
        assertEquals(new JobEvent.JobCancelled(AT), roundTrip(new JobEvent.JobCancelled(AT)));
    }

    @Example
    void corruptBytesAndUnknownKindsAreRefusedClearly() {
        byte[] good = JobEventCodec.encode(new JobEvent.ChunksCompleted(List.of(
                new ChunkResult(0, new Numbers.LongArray(new long[] {1, 4, 9}), List.of(), "n")), AT));
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> JobEventCodec.decode(JobEventCodec.COMPLETED, Arrays.copyOf(good, good.length - 2)));
        assertTrue(truncated.getMessage().startsWith("corrupt job event of kind completed"), truncated.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> JobEventCodec.decode("C1", good));
        assertEquals("unknown job event kind 'C1'", unknown.getMessage());
    }

    @Example
    void theKindNamesTheEvent() {
        assertEquals("defined", JobEventCodec.kind(new JobEvent.JobSubmitted("j-1", new JobSpec("square",
                new InputSource.Range(BigInteger.ONE, BigInteger.TWO), 1), AT)));
        assertEquals("completed", JobEventCodec.kind(new JobEvent.ChunksCompleted(List.of(), AT)));
        assertEquals("cancelled", JobEventCodec.kind(new JobEvent.JobCancelled(AT)));
    }

    @Property(tries = 300)
    void anyColumnOfLongsRoundTrips(@ForAll @Size(max = 300) long[] values) {
        JobEvent.ChunksCompleted back = (JobEvent.ChunksCompleted) roundTrip(new JobEvent.ChunksCompleted(List.of(
                new ChunkResult(3, new Numbers.LongArray(values), List.of(), "n")), AT));
        Numbers stored = (Numbers) back.chunks().get(0).values();
        long[] read = new long[stored.size()];
        Arrays.setAll(read, stored::longAt);
        assertArrayEquals(values, read);
    }

    @Example
    void aDefinitionKeepsItsIdempotencyKeyWhateverItsInputs() {
        JobSpec range = new JobSpec("square", new InputSource.Range(BigInteger.ONE, BigInteger.TEN), 3);
        JobSpec listed = new JobSpec("square", new InputSource.Listed(Numbers.of(4, -5, 6)), 2);
        JobSpec stored = new JobSpec("square", new InputSource.Stored(
                io.computecluster.common.column.PayloadType.INTEGER, 5000, new long[] {4096, 5000}, 0, 13), 100);
        for (JobSpec spec : List.of(range, listed, stored)) {
            JobEvent.JobSubmitted keyed = new JobEvent.JobSubmitted("j-k", spec, AT, "retry-\u00e9-1");
            JobEvent.JobSubmitted read = (JobEvent.JobSubmitted) roundTrip(keyed);
            assertEquals("retry-\u00e9-1", read.idempotencyKey());
            assertEquals(keyed.spec().inputs().total(), read.spec().inputs().total());
            assertEquals(null, ((JobEvent.JobSubmitted) roundTrip(new JobEvent.JobSubmitted("j-k", spec, AT)))
                    .idempotencyKey());
        }
    }

    /** A definition written before keys were (its bytes laid out by hand here) reads as one without a key. */
    @Example
    void aDefinitionWrittenBeforeKeysReadsWithoutOne() {
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(200);
        for (String text : new String[] {"j-old", "square", "built-in"}) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            old.putInt(bytes.length).put(bytes);
        }
        old.putInt(-1).putLong(0).put((byte) io.computecluster.common.column.PayloadType.INTEGER.ordinal())
                .put((byte) io.computecluster.common.column.PayloadType.INTEGER.ordinal()).putInt(3)
                .putLong(AT.getEpochSecond()).putInt(AT.getNano())
                .put((byte) 1).putInt(1).put((byte) 1).putInt(1).put((byte) 10);
        byte[] payload = Arrays.copyOf(old.array(), old.position());

        JobEvent.JobSubmitted read = (JobEvent.JobSubmitted) JobEventCodec.decode(JobEventCodec.DEFINED, payload);
        assertEquals(new JobEvent.JobSubmitted("j-old", new JobSpec("square", new InputSource.Range(BigInteger.ONE,
                BigInteger.TEN), 3), AT), read);
        assertEquals(null, read.idempotencyKey());
        assertArrayEquals(payload, JobEventCodec.encode(read), "a definition without a key is written as before");
        // What follows the inputs is a key or nothing.
        byte[] unknown = Arrays.copyOf(payload, payload.length + 1);
        unknown[payload.length] = 9;
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> JobEventCodec.decode(JobEventCodec.DEFINED, unknown));
        assertEquals("corrupt job event of kind defined: unknown section 9 after the inputs", thrown.getMessage());
    }

    private static JobEvent roundTrip(JobEvent event) {
        return JobEventCodec.decode(JobEventCodec.kind(event), JobEventCodec.encode(event));
    }
}
