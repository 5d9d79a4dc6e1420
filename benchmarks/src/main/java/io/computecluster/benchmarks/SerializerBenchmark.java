package io.computecluster.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.ChunkDone;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol;
import io.computecluster.common.serialization.WorkerProtocolSerializer;
import java.io.NotSerializableException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link WorkerProtocolSerializer} on the messages that carry every chunk and result: {@code Assign}
 * with a range or a column of longs, and {@code ChunkDone} with a column of results. Scores are ns
 * per message. Each trial prints the serialized size of its message: JMH sums an
 * {@code @AuxCounters} EVENTS counter over iterations, so it cannot report a size per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SerializerBenchmark {

    @Param({"assign-range", "assign-longs-1000", "assign-longs-10000", "chunk-done-1000", "chunk-done-10000"})
    public String message;

    private ActorSystem<Void> system;
    private WorkerProtocolSerializer serializer;
    private Object value;
    private String manifest;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void setUp() throws NotSerializableException {
        system = ActorSystem.create(Behaviors.empty(), "bench",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
        ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
        serializer = new WorkerProtocolSerializer(classic);
        // Real actors, so that fromBinary resolves their refs as it does on a node.
        ActorRef<WorkerProtocol.ToMaster> master =
                system.systemActorOf(Behaviors.empty(), "bench-master", Props.empty());
        ActorRef<WorkerProtocol.ToWorker> worker =
                system.systemActorOf(Behaviors.empty(), "bench-worker", Props.empty());
        String jobId = "j-0123456789ab";
        value = switch (message) {
            case "assign-range" ->
                    new Assign(new ChunkTask(jobId, 4321, SQUARE, Numbers.range(4_321_001, 1000)), master);
            case "assign-longs-1000" -> new Assign(new ChunkTask(jobId, 4321, SQUARE, randomLongs(1000)), master);
            case "assign-longs-10000" -> new Assign(new ChunkTask(jobId, 4321, SQUARE, randomLongs(10_000)), master);
            case "chunk-done-1000" -> new ChunkDone(worker, jobId, 4321, randomLongs(1000), List.of());
            case "chunk-done-10000" -> new ChunkDone(worker, jobId, 4321, randomLongs(10_000), List.of());
            default -> throw new IllegalArgumentException("unknown message " + message);
        };
        int identifier = SerializationExtension.get(classic).findSerializerFor(value).identifier();
        if (identifier != WorkerProtocolSerializer.IDENTIFIER) {
            throw new IllegalStateException("message bound to serializer " + identifier + ", not WorkerProtocolSerializer");
        }
        manifest = serializer.manifest(value);
        bytes = serializer.toBinary(value);
        Object back = serializer.fromBinary(bytes, manifest);
        if (!back.equals(value)) {
            throw new IllegalStateException("round trip changed the message: " + value + " became " + back);
        }
        System.out.printf("# %s: %d bytes a message%n", message, bytes.length);
    }

    private static final WorkerProtocol.FunctionCall SQUARE = WorkerProtocol.FunctionCall.builtIn("square");

    private static Numbers randomLongs(int count) {
        return new Numbers.LongArray(new SplittableRandom(42).longs(count).toArray());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What Pekko does to send a message: manifest, then bytes. */
    @Benchmark
    public byte[] toBinary(Blackhole blackhole) {
        blackhole.consume(serializer.manifest(value));
        return serializer.toBinary(value);
    }

    /** What Pekko does on receipt, actor ref resolution included. */
    @Benchmark
    public Object fromBinary() throws NotSerializableException {
        return serializer.fromBinary(bytes, manifest);
    }
}
