package io.computecluster.master.store;

import io.computecluster.common.column.Column;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.serialization.ColumnCodec;
import io.computecluster.common.serialization.NumbersCodec;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent.ChunkResult;
import io.computecluster.master.job.JobEvent.ChunksCompleted;
import io.computecluster.master.job.JobEvent.JobCancelled;
import io.computecluster.master.job.JobEvent.JobSubmitted;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of {@link JobEvent}s, the {@code payload} of a row of the job store, whose
 * {@code kind} column names the event ({@link #kind}): primitives, and results as
 * {@link StoredNumbers} columns (4 bytes or so a result for the squares of a range, at most the 8
 * of a long), so that a 10-million input job stays well under 80 MB in the database and replays in
 * about a second. A plain codec of the store: events never cross the cluster, so Pekko's
 * serialization does not know it. A change to a kind's layout takes a new kind name, so that rows
 * written before still read; a section a definition may end with (its Idempotency-Key) needs none,
 * as a definition without it is written as before.
 */
public final class JobEventCodec {
    /**
     * The kind of {@code JobSubmitted}: a job's definition, always its event 1, with its function's
     * version, arguments, timeout and payload types.
     */
    public static final String DEFINED = "defined";
    /** The kind of a definition written before functions had versions: a built-in integer function's. */
    public static final String SUBMITTED = "submitted";
    /** The kind of {@code ChunksCompleted}. */
    public static final String COMPLETED = "completed";
    /** The kind of {@code JobCancelled}. */
    public static final String CANCELLED = "cancelled";
    private static final byte RANGE = 1;
    private static final byte LISTED = 2;
    /** Inputs in the job store's {@code job_inputs}: only their block layout is in the definition. */
    private static final byte STORED = 3;
    /**
     * Marks the Idempotency-Key that may follow a definition's inputs. A definition without one
     * ends at its inputs, as every definition written before keys did, so those read as keyless.
     */
    private static final byte KEY = 1;

    private JobEventCodec() {
    }

    /** What {@code event} is, for the {@code kind} column: {@link #DEFINED}, {@link #COMPLETED} or {@link #CANCELLED}. */
    public static String kind(JobEvent event) {
        if (event instanceof JobSubmitted) {
            return DEFINED;
        }
        if (event instanceof ChunksCompleted) {
            return COMPLETED;
        }
        if (event instanceof JobCancelled) {
            return CANCELLED;
        }
        throw new IllegalArgumentException("not a job event: " + event.getClass().getName());
    }

    /** The {@code payload} of {@code event}. */
    public static byte[] encode(JobEvent event) {
        if (event instanceof JobSubmitted submitted) {
            return submitted(submitted);
        }
        if (event instanceof ChunksCompleted completed) {
            return completed(completed);
        }
        if (event instanceof JobCancelled cancelled) {
            return ByteBuffer.allocate(12).putLong(cancelled.at().getEpochSecond()).putInt(cancelled.at().getNano())
                    .array();
        }
        throw new IllegalArgumentException("not a job event: " + event.getClass().getName());
    }

    /**
     * The event of kind {@code kind} stored as {@code payload}.
     *
     * @throws IllegalArgumentException for an unknown kind or a payload that is not one of that kind
     */
    public static JobEvent decode(String kind, byte[] payload) {
        if (!DEFINED.equals(kind) && !SUBMITTED.equals(kind) && !COMPLETED.equals(kind) && !CANCELLED.equals(kind)) {
            throw new IllegalArgumentException("unknown job event kind '" + kind + "'");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            return switch (kind) {
                case DEFINED -> readDefined(in);
                case SUBMITTED -> readSubmitted(in);
                case COMPLETED -> readCompleted(in);
                default -> new JobCancelled(instant(in));
            };
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupt job event of kind " + kind + ": " + e.getMessage(), e);
        }
    }

    /** A job's definition as {@link #encode} wrote it. */
    public static JobSubmitted decodeSubmitted(byte[] payload) {
        return (JobSubmitted) decode(DEFINED, payload);
    }

    private static byte[] submitted(JobSubmitted event) {
        JobSpec spec = event.spec();
        FunctionCall call = spec.call();
        byte[] id = utf8(event.jobId());
        byte[] function = utf8(call.name());
        byte[] version = utf8(call.version());
        byte[] args = call.args() == null ? null : utf8(call.args());
        byte[] key = event.idempotencyKey() == null ? null : utf8(event.idempotencyKey());
        int size = 4 + id.length + 4 + function.length + 4 + version.length + 4 + (args == null ? 0 : args.length)
                + 8 + 2 + 4 + 12 + 1 + (key == null ? 0 : 1 + 4 + key.length);
        ByteBuffer out;
        if (spec.inputs() instanceof InputSource.Range range) {
            byte[] from = range.from().toByteArray();
            byte[] to = range.to().toByteArray();
            out = ByteBuffer.allocate(size + 8 + from.length + to.length);
            header(out, event, id, function, version, args).put(RANGE);
            out.putInt(from.length).put(from).putInt(to.length).put(to);
            return key(out, key).array();
        }
        if (spec.inputs() instanceof InputSource.Stored stored) {
            out = ByteBuffer.allocate(size + 1 + 8 + 4 + 8 * stored.blocks() + 4 + 4);
            header(out, event, id, function, version, args).put(STORED);
            out.put((byte) stored.type().ordinal()).putLong(stored.total()).putInt(stored.blocks());
            for (long end : stored.blockEnds()) {
                out.putLong(end);
            }
            out.putInt(stored.maxValueBytes()).putInt(stored.maxBitLength());
            return key(out, key).array();
        }
        Column values = ((InputSource.Listed) spec.inputs()).values();
        out = ByteBuffer.allocate(size + ColumnCodec.sizeOf(values));
        header(out, event, id, function, version, args).put(LISTED);
        ColumnCodec.write(values, out);
        return trimmed(key(out, key));
    }

    /** The Idempotency-Key after the inputs, when there is one. */
    private static ByteBuffer key(ByteBuffer out, byte[] key) {
        return key == null ? out : out.put(KEY).putInt(key.length).put(key);
    }

    /** What every kind of definition starts with, as {@link #readDefined} reads it, up to the input kind. */
    private static ByteBuffer header(ByteBuffer out, JobSubmitted event, byte[] id, byte[] function, byte[] version,
                                     byte[] args) {
        JobSpec spec = event.spec();
        out.putInt(id.length).put(id).putInt(function.length).put(function).putInt(version.length).put(version);
        if (args == null) {
            out.putInt(-1);
        } else {
            out.putInt(args.length).put(args);
        }
        out.putLong(spec.call().timeoutMillis()).put((byte) spec.inputType().ordinal())
                .put((byte) spec.outputType().ordinal()).putInt(spec.chunkSize());
        return out.putLong(event.at().getEpochSecond()).putInt(event.at().getNano());
    }

    private static JobSubmitted readDefined(ByteBuffer in) {
        String id = string(in);
        String function = string(in);
        String version = string(in);
        String args = in.getInt(in.position()) < 0 ? absent(in) : string(in);
        long timeoutMillis = in.getLong();
        PayloadType inputType = payloadType(in.get());
        PayloadType outputType = payloadType(in.get());
        int chunkSize = in.getInt();
        Instant at = instant(in);
        byte kind = in.get();
        InputSource inputs = switch (kind) {
            case RANGE -> new InputSource.Range(new BigInteger(bytes(in)), new BigInteger(bytes(in)));
            case LISTED -> new InputSource.Listed(ColumnCodec.read(in));
            case STORED -> readStored(in);
            default -> throw new IllegalArgumentException("unknown input kind " + kind);
        };
        String key = null;
        if (in.hasRemaining()) {
            byte section = in.get();
            if (section != KEY) {
                throw new IllegalArgumentException("unknown section " + section + " after the inputs");
            }
            key = string(in);
        }
        return new JobSubmitted(id, new JobSpec(new FunctionCall(function, version, args, timeoutMillis), inputType,
                outputType, inputs, chunkSize), at, key);
    }

    private static InputSource.Stored readStored(ByteBuffer in) {
        PayloadType type = payloadType(in.get());
        long total = in.getLong();
        long[] ends = new long[length(in, 8)];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = in.getLong();
        }
        return new InputSource.Stored(type, total, ends, in.getInt(), in.getInt());
    }

    private static String absent(ByteBuffer in) {
        in.getInt();
        return null;
    }

    private static PayloadType payloadType(byte ordinal) {
        PayloadType[] types = PayloadType.values();
        if (ordinal < 0 || ordinal >= types.length) {
            throw new IllegalArgumentException("bad payload type " + ordinal);
        }
        return types[ordinal];
    }

    /** A definition of kind {@link #SUBMITTED}: a built-in integer function's, from before versions. */
    private static JobSubmitted readSubmitted(ByteBuffer in) {
        String id = string(in);
        String function = string(in);
        int chunkSize = in.getInt();
        Instant at = instant(in);
        byte kind = in.get();
        InputSource inputs = switch (kind) {
            case RANGE -> new InputSource.Range(new BigInteger(bytes(in)), new BigInteger(bytes(in)));
            case LISTED -> new InputSource.Listed(NumbersCodec.read(in));
            default -> throw new IllegalArgumentException("unknown input kind " + kind);
        };
        return new JobSubmitted(id, new JobSpec(function, inputs, chunkSize), at);
    }

    private static byte[] completed(ChunksCompleted event) {
        int size = 12 + 4;
        List<byte[]> nodes = new ArrayList<>(event.chunks().size());
        for (ChunkResult chunk : event.chunks()) {
            byte[] node = utf8(chunk.workerNode());
            nodes.add(node);
            size += 4 + 4 + node.length + StoredNumbers.sizeOf(chunk.values()) + 4;
            for (TaskError error : chunk.errors()) {
                size += 8 + 3 * error.message().length();
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(event.at().getEpochSecond()).putInt(event.at().getNano()).putInt(event.chunks().size());
        for (int i = 0; i < event.chunks().size(); i++) {
            ChunkResult chunk = event.chunks().get(i);
            out.putInt(chunk.chunk()).putInt(nodes.get(i).length).put(nodes.get(i));
            StoredNumbers.write(chunk.values(), out);
            out.putInt(chunk.errors().size());
            for (TaskError error : chunk.errors()) {
                byte[] message = utf8(error.message());
                out.putInt(error.index()).putInt(message.length).put(message);
            }
        }
        return trimmed(out);
    }

    private static ChunksCompleted readCompleted(ByteBuffer in) {
        Instant at = instant(in);
        int count = length(in, 8);
        List<ChunkResult> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int chunk = in.getInt();
            String node = string(in);
            Column values = StoredNumbers.read(in);
            int errorCount = length(in, 8);
            List<TaskError> errors = new ArrayList<>(errorCount);
            for (int e = 0; e < errorCount; e++) {
                errors.add(new TaskError(in.getInt(), string(in)));
            }
            chunks.add(new ChunkResult(chunk, values, List.copyOf(errors), node));
        }
        return new ChunksCompleted(List.copyOf(chunks), at);
    }

    private static byte[] trimmed(ByteBuffer out) {
        if (out.position() == out.capacity()) {
            return out.array();
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static Instant instant(ByteBuffer in) {
        return Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer in) {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] bytes = new byte[length(in, 1)];
        in.get(bytes);
        return bytes;
    }

    /** A count, checked against what is left, so that a corrupt length cannot allocate gigabytes. */
    private static int length(ByteBuffer in, int minWidth) {
        int length = in.getInt();
        if (length < 0 || (long) length * minWidth > in.remaining()) {
            throw new IllegalArgumentException("bad length " + length + " with " + in.remaining() + " bytes left");
        }
        return length;
    }
}
