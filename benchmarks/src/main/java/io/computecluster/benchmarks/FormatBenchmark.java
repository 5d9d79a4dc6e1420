package io.computecluster.benchmarks;

import io.computecluster.common.function.Square;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.ResultLines;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ResultLines#of} formatting one {@value #CHUNK_SIZE}-input chunk of a finished
 * square job over 1..10^7 as {@code INPUT<TAB>RESULT} lines, as the results download does. The
 * first chunk has short numbers, the last 8-digit inputs and 14-digit squares. Scores are ns per
 * line.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FormatBenchmark {
    static final int CHUNK_SIZE = 10_000;
    private static final long TOTAL = 10_000_000;

    @Param({"0", "999"})
    public int chunk;

    private JobSpec spec;
    private Numbers squares;

    /** The chunk's real squares, as a worker sends them and the job store gives them back. */
    @Setup(Level.Trial)
    public void setUp() {
        spec = new JobSpec(Square.NAME, new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(TOTAL)), CHUNK_SIZE);
        Numbers inputs = (Numbers) spec.inputs().slice((long) chunk * CHUNK_SIZE, CHUNK_SIZE);
        TaskFunction square = new Square();
        NumbersBuilder out = new NumbersBuilder(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            square.apply(inputs, i, out);
        }
        squares = out.build();
        long first = (long) chunk * CHUNK_SIZE + 1;
        String expected = first + "\t" + first * first + "\n";
        String lines = new String(chunkLines(), StandardCharsets.UTF_8);
        if (!lines.startsWith(expected) || lines.split("\n").length != CHUNK_SIZE) {
            throw new IllegalStateException("unexpected lines for chunk " + chunk + ": " + lines.substring(0, Math.min(40, lines.length())));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK_SIZE)
    public byte[] chunkLines() {
        return ResultLines.of(spec, chunk, squares, null);
    }
}
