package io.computecluster.common.serialization;

import io.computecluster.common.column.PayloadType;
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
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Compact binary serializer for {@link WorkerProtocol}, the messages that carry every chunk and
 * result: numbers as primitives (see {@link NumbersCodec}), no per-number objects or field names.
 */
public final class WorkerProtocolSerializer extends SerializerWithStringManifest {
    /** Unique among the serializers of an actor system; Pekko reserves 0 to 40. */
    public static final int IDENTIFIER = 7301;

    private static final String HELLO = "H";
    private static final String ASSIGN = "A";
    private static final String REQUEST_WORK = "R";
    private static final String CHUNK_DONE = "D";
    private static final String GOODBYE = "G";
    private static final String CHUNK_PROGRESS = "P";
    private static final String CHUNK_PART = "C";

    /** Refs seen: every chunk names the same few actors, so they are resolved and written once. */
    private static final int REF_CACHE_SIZE = 4096;

    private final ActorRefResolver resolver;
    private final Map<ActorRef<?>, byte[]> refBytes = new ConcurrentHashMap<>();
    private final Map<String, ActorRef<?>> refs = new ConcurrentHashMap<>();

    public WorkerProtocolSerializer(ExtendedActorSystem system) {
        this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object message) {
        if (message instanceof Assign) {
            return ASSIGN;
        } else if (message instanceof ChunkDone) {
            return CHUNK_DONE;
        } else if (message instanceof ChunkPart) {
            return CHUNK_PART;
        } else if (message instanceof ChunkProgress) {
            return CHUNK_PROGRESS;
        } else if (message instanceof RequestWork) {
            return REQUEST_WORK;
        } else if (message instanceof Hello) {
            return HELLO;
        } else if (message instanceof Goodbye) {
            return GOODBYE;
        }
        throw new IllegalArgumentException("not a WorkerProtocol message: " + message.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object message) {
        if (message instanceof Assign assign) {
            ChunkTask task = assign.task();
            byte[] replyTo = ref(assign.replyTo());
            byte[] jobId = utf8(task.jobId());
            FunctionCall call = task.function();
            byte[] function = utf8(call.name());
            byte[] version = utf8(call.version());
            byte[] args = call.args() == null ? null : utf8(call.args());
            ByteBuffer out = ByteBuffer.allocate(4 + replyTo.length + 4 + jobId.length + 4 + 4 + function.length
                    + 4 + version.length + 4 + (args == null ? 0 : args.length) + 8
                    + ColumnCodec.sizeOf(task.inputs()));
            putBytes(out, replyTo);
            putBytes(out, jobId);
            out.putInt(task.chunkId());
            putBytes(out, function);
            putBytes(out, version);
            if (args == null) {
                out.putInt(-1);
            } else {
                putBytes(out, args);
            }
            out.putLong(call.timeoutMillis());
            ColumnCodec.write(task.inputs(), out);
            return trimmed(out);
        } else if (message instanceof ChunkDone done) {
            byte[] worker = ref(done.worker());
            byte[] jobId = utf8(done.jobId());
            List<byte[]> errorMessages = errorMessages(done.errors());
            ByteBuffer out = ByteBuffer.allocate(4 + worker.length + 4 + jobId.length + 4
                    + ColumnCodec.sizeOf(done.results()) + errorsSize(errorMessages) + 4 + 8);
            putBytes(out, worker);
            putBytes(out, jobId);
            out.putInt(done.chunkId());
            ColumnCodec.write(done.results(), out);
            putErrors(out, done.errors(), errorMessages);
            out.putInt(done.credit());
            out.putLong(done.computeNanos());
            return trimmed(out);
        } else if (message instanceof ChunkPart part) {
            byte[] worker = ref(part.worker());
            byte[] jobId = utf8(part.jobId());
            List<byte[]> errorMessages = errorMessages(part.errors());
            ByteBuffer out = ByteBuffer.allocate(4 + worker.length + 4 + jobId.length + 4 + 4
                    + ColumnCodec.sizeOf(part.results()) + errorsSize(errorMessages));
            putBytes(out, worker);
            putBytes(out, jobId);
            out.putInt(part.chunkId());
            out.putInt(part.from());
            ColumnCodec.write(part.results(), out);
            putErrors(out, part.errors(), errorMessages);
            return trimmed(out);
        } else if (message instanceof ChunkProgress progress) {
            byte[] worker = ref(progress.worker());
            byte[] jobId = utf8(progress.jobId());
            ByteBuffer out = ByteBuffer.allocate(4 + worker.length + 4 + jobId.length + 4);
            putBytes(out, worker);
            putBytes(out, jobId);
            out.putInt(progress.chunkId());
            return out.array();
        } else if (message instanceof RequestWork request) {
            byte[] worker = ref(request.worker());
            List<byte[]> texts = new ArrayList<>(2 * request.offers().size());
            int offerBytes = 0;
            for (FunctionOffer offer : request.offers()) {
                texts.add(utf8(offer.name()));
                texts.add(utf8(offer.version()));
                offerBytes += 4 + texts.get(texts.size() - 2).length + 4 + texts.get(texts.size() - 1).length + 2;
            }
            ByteBuffer out = ByteBuffer.allocate(4 + worker.length + 4 + 4 + offerBytes);
            putBytes(out, worker);
            out.putInt(request.credit());
            out.putInt(request.offers().size());
            for (int i = 0; i < request.offers().size(); i++) {
                FunctionOffer offer = request.offers().get(i);
                putBytes(out, texts.get(2 * i));
                putBytes(out, texts.get(2 * i + 1));
                out.put((byte) offer.input().ordinal()).put((byte) offer.output().ordinal());
            }
            return trimmed(out);
        } else if (message instanceof Hello hello) {
            return refOnly(hello.master());
        } else if (message instanceof Goodbye goodbye) {
            return refOnly(goodbye.worker());
        }
        throw new IllegalArgumentException("not a WorkerProtocol message: " + message.getClass().getName());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            switch (manifest) {
                case ASSIGN: {
                    ActorRef<WorkerProtocol.ToMaster> replyTo = resolve(string(in));
                    String jobId = string(in);
                    int chunkId = in.getInt();
                    String function = string(in);
                    String version = string(in);
                    String args = in.getInt(in.position()) == -1 ? skipNull(in) : string(in);
                    FunctionCall call = new FunctionCall(function, version, args, in.getLong());
                    return new Assign(new ChunkTask(jobId, chunkId, call, ColumnCodec.read(in)), replyTo);
                }
                case CHUNK_DONE: {
                    ActorRef<WorkerProtocol.ToWorker> worker = resolve(string(in));
                    String jobId = string(in);
                    int chunkId = in.getInt();
                    var results = ColumnCodec.read(in);
                    List<TaskError> errors = errors(in, results.size());
                    int credit = in.getInt();
                    return new ChunkDone(worker, jobId, chunkId, results, errors, credit, in.getLong());
                }
                case CHUNK_PART: {
                    ActorRef<WorkerProtocol.ToWorker> worker = resolve(string(in));
                    String jobId = string(in);
                    int chunkId = in.getInt();
                    int from = in.getInt();
                    if (from < 0) {
                        throw new IllegalArgumentException("bad part start " + from);
                    }
                    var results = ColumnCodec.read(in);
                    return new ChunkPart(worker, jobId, chunkId, from, results, errors(in, results.size()));
                }
                case CHUNK_PROGRESS: {
                    ActorRef<WorkerProtocol.ToWorker> worker = resolve(string(in));
                    String jobId = string(in);
                    return new ChunkProgress(worker, jobId, in.getInt());
                }
                case REQUEST_WORK: {
                    ActorRef<WorkerProtocol.ToWorker> worker = resolve(string(in));
                    int credit = in.getInt();
                    int count = in.getInt();
                    if (count < 0 || count > in.remaining()) {
                        throw new IllegalArgumentException("bad offer count " + count);
                    }
                    List<FunctionOffer> offers = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        String name = string(in);
                        String version = string(in);
                        offers.add(new FunctionOffer(name, version, payloadType(in.get()), payloadType(in.get())));
                    }
                    return new RequestWork(worker, credit, List.copyOf(offers));
                }
                case HELLO:
                    return new Hello(resolve(string(in)));
                case GOODBYE:
                    return new Goodbye(resolve(string(in)));
                default:
                    throw new NotSerializableException("unknown WorkerProtocol manifest '" + manifest + "'");
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            NotSerializableException failure = new NotSerializableException(
                    "corrupt WorkerProtocol message '" + manifest + "': " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private static List<byte[]> errorMessages(List<TaskError> errors) {
        List<byte[]> messages = new ArrayList<>(errors.size());
        for (TaskError error : errors) {
            messages.add(utf8(error.message()));
        }
        return messages;
    }

    /** Bytes {@link #putErrors} writes: the count, then each error's index and message. */
    private static int errorsSize(List<byte[]> messages) {
        int size = 4;
        for (byte[] message : messages) {
            size += 8 + message.length;
        }
        return size;
    }

    private static void putErrors(ByteBuffer out, List<TaskError> errors, List<byte[]> messages) {
        out.putInt(errors.size());
        for (int i = 0; i < errors.size(); i++) {
            out.putInt(errors.get(i).index());
            putBytes(out, messages.get(i));
        }
    }

    /** The errors {@link #putErrors} wrote, at most one for each of {@code results} values. */
    private static List<TaskError> errors(ByteBuffer in, int results) {
        int count = in.getInt();
        if (count < 0 || count > results) {
            throw new IllegalArgumentException("bad error count " + count);
        }
        List<TaskError> errors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            errors.add(new TaskError(in.getInt(), string(in)));
        }
        return List.copyOf(errors);
    }

    private byte[] refOnly(ActorRef<?> ref) {
        byte[] bytes = ref(ref);
        ByteBuffer out = ByteBuffer.allocate(4 + bytes.length);
        putBytes(out, bytes);
        return out.array();
    }

    private byte[] ref(ActorRef<?> ref) {
        byte[] bytes = refBytes.get(ref);
        if (bytes == null) {
            bytes = utf8(resolver.toSerializationFormat(ref));
            if (refBytes.size() >= REF_CACHE_SIZE) {
                refBytes.clear();
            }
            refBytes.put(ref, bytes);
        }
        return bytes;
    }

    @SuppressWarnings("unchecked")
    private <T> ActorRef<T> resolve(String path) {
        ActorRef<?> ref = refs.get(path);
        if (ref == null) {
            ref = resolver.resolveActorRef(path);
            if (refs.size() >= REF_CACHE_SIZE) {
                refs.clear();
            }
            refs.put(path, ref);
        }
        return (ActorRef<T>) ref;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void putBytes(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes.length).put(bytes);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad string length " + length);
        }
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    /** Reads the -1 length of an absent string. */
    private static String skipNull(ByteBuffer in) {
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

    private static byte[] trimmed(ByteBuffer out) {
        byte[] array = out.array();
        return out.position() == array.length ? array : java.util.Arrays.copyOf(array, out.position());
    }
}
