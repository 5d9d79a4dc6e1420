package io.computecluster.benchmarks;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.serialization.NumbersCodec;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link NumbersCodec} alone on a column of {@value #COUNT} longs, into and out of a reused heap
 * buffer: the floor under the serializer's cost. Scores are operations per second; the
 * {@code bytes} counter turns them into bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NumbersCodecBenchmark {
    static final int COUNT = 10_000;

    private Numbers values;
    private ByteBuffer writeBuffer;
    private ByteBuffer encoded;
    private int size;

    /** Bytes written or read, per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        values = new Numbers.LongArray(new SplittableRandom(42).longs(COUNT).toArray());
        writeBuffer = ByteBuffer.allocate(NumbersCodec.sizeOf(values));
        NumbersCodec.write(values, writeBuffer);
        size = writeBuffer.position();
        encoded = ByteBuffer.wrap(writeBuffer.array().clone());
        if (!NumbersCodec.read(encoded.duplicate()).equals(values)) {
            throw new IllegalStateException("NumbersCodec round trip changed the values");
        }
    }

    @Benchmark
    public ByteBuffer write(Bytes bytes) {
        writeBuffer.clear();
        NumbersCodec.write(values, writeBuffer);
        bytes.bytes += size;
        return writeBuffer;
    }

    @Benchmark
    public Numbers read(Bytes bytes) {
        bytes.bytes += size;
        return NumbersCodec.read(encoded.duplicate());
    }
}
