package io.computecluster.benchmarks;

import io.computecluster.common.function.Square;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The squaring kernel as a worker runs it: {@link Square} applied to every input of a chunk into a
 * fresh {@link NumbersBuilder}, then {@code build()}. Each invocation squares {@value #INPUTS} inputs
 * as {@code INPUTS / chunkSize} chunks, so every score is in ns per input whatever the chunk size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SquareBenchmark {
    /** Inputs squared per invocation; a multiple of every chunk size. */
    static final int INPUTS = 10_000;

    /** The largest magnitude whose square fits in a long (the kernel's fast path). */
    private static final long MAX_LONG_ROOT = 3_037_000_499L;

    @Param({"1000", "10000"})
    public int chunkSize;

    // Called through the interface, as the worker does (it finds functions by name).
    private final TaskFunction square = new Square();

    private Numbers[] ranges;
    private Numbers[] smallLongs;
    private Numbers[] fullLongs;
    private Numbers[] bigIntegers;
    private long[][] plainLongs;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        Random bigRandom = new Random(42);
        int chunks = INPUTS / chunkSize;
        ranges = new Numbers[chunks];
        smallLongs = new Numbers[chunks];
        fullLongs = new Numbers[chunks];
        bigIntegers = new Numbers[chunks];
        plainLongs = new long[chunks][];
        BigInteger fortyDigits = BigInteger.TEN.pow(39);
        for (int c = 0; c < chunks; c++) {
            ranges[c] = Numbers.range(1 + (long) c * chunkSize, chunkSize);
            long[] small = new long[chunkSize];
            long[] full = new long[chunkSize];
            BigInteger[] bigs = new BigInteger[chunkSize];
            for (int i = 0; i < chunkSize; i++) {
                small[i] = random.nextLong(-MAX_LONG_ROOT, MAX_LONG_ROOT + 1);
                full[i] = fullRangeLong(random);
                // 10^39 + [0, 2^130): always 40 digits, about 133 bits.
                bigs[i] = fortyDigits.add(new BigInteger(130, bigRandom));
            }
            smallLongs[c] = new Numbers.LongArray(small);
            fullLongs[c] = new Numbers.LongArray(full);
            bigIntegers[c] = new Numbers.MixedArray(new long[chunkSize], bigs);
            plainLongs[c] = small.clone();
        }
        check(ranges[0]);
        check(smallLongs[0]);
        check(fullLongs[0]);
        check(bigIntegers[0]);
    }

    /** A long whose square needs the 128-bit path. */
    private static long fullRangeLong(SplittableRandom random) {
        long value;
        do {
            value = random.nextLong();
        } while (value >= -MAX_LONG_ROOT && value <= MAX_LONG_ROOT);
        return value;
    }

    /** Fails the trial if the kernel's output is wrong, so that no wrong code gets a score. */
    private void check(Numbers inputs) {
        Numbers out = squareChunk(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            BigInteger x = inputs.bigAt(i);
            if (!out.bigAt(i).equals(x.multiply(x))) {
                throw new IllegalStateException("wrong square of " + x + ": " + out.bigAt(i));
            }
        }
    }

    private Numbers squareChunk(Numbers inputs) {
        int size = inputs.size();
        NumbersBuilder out = new NumbersBuilder(size);
        for (int i = 0; i < size; i++) {
            square.apply(inputs, i, out);
        }
        return out.build();
    }

    private void squareAll(Numbers[] chunks, Blackhole blackhole) {
        for (Numbers chunk : chunks) {
            blackhole.consume(squareChunk(chunk));
        }
    }

    /** {@code LongRange} chunks of 1, 2, 3...: the inputs of a range job. */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void range(Blackhole blackhole) {
        squareAll(ranges, blackhole);
    }

    /** {@code LongArray} of random longs below 3037000499 in magnitude: one multiplication each. */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void smallLongs(Blackhole blackhole) {
        squareAll(smallLongs, blackhole);
    }

    /** {@code LongArray} of random full-range longs: Math.multiplyHigh, then a BigInteger each. */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void fullLongs(Blackhole blackhole) {
        squareAll(fullLongs, blackhole);
    }

    /** {@code MixedArray} of 40-digit BigIntegers: BigInteger.multiply each. */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void bigIntegers(Blackhole blackhole) {
        squareAll(bigIntegers, blackhole);
    }

    /** The floor: a plain {@code long[]} loop over the same small longs, with the same allocation. */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public void baselineLongLoop(Blackhole blackhole) {
        for (long[] a : plainLongs) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] * a[i];
            }
            blackhole.consume(out);
        }
    }
}
