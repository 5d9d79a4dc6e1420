package io.computecluster.benchmarks;

import io.computecluster.common.function.Square;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobResults;
import io.computecluster.master.job.JobSpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
 * {@link JobResults#chunkLines} formatting one {@value #CHUNK_SIZE}-input chunk of a finished
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

    private JobResults results;

    /** Runs a whole job through its public API, with real squares, to get at its results. */
    @Setup(Level.Trial)
    public void setUp() {
        Job job = new Job("j-0123456789ab", new JobSpec(Square.NAME,
                new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(TOTAL)), CHUNK_SIZE), Instant.now());
        TaskFunction square = new Square();
        while (job.hasWork()) {
            ChunkTask task = job.nextTask();
            Numbers inputs = task.inputs();
            NumbersBuilder out = new NumbersBuilder(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                square.apply(inputs, i, out);
            }
            if (!job.complete(task.chunkId(), out.build(), List.of(), "node", Instant.now())) {
                throw new IllegalStateException("chunk " + task.chunkId() + " was not accepted");
            }
        }
        results = job.results();
        long first = (long) chunk * CHUNK_SIZE + 1;
        String expected = first + "\t" + first * first + "\n";
        String lines = new String(results.chunkLines(chunk), StandardCharsets.UTF_8);
        if (!lines.startsWith(expected) || lines.split("\n").length != CHUNK_SIZE) {
            throw new IllegalStateException("unexpected lines for chunk " + chunk + ": " + lines.substring(0, Math.min(40, lines.length())));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK_SIZE)
    public byte[] chunkLines() {
        return results.chunkLines(chunk);
    }
}
