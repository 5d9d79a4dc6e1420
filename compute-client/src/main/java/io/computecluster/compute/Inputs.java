package io.computecluster.compute;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A job's inputs: a range of integers, values in memory or from a stream, or a file. Values and
 * files are streamed to the master as they are read, so a job of millions of inputs never sits
 * whole in the application's memory; each is read again if its submit must be sent again (to a
 * standby master, say).
 */
public sealed interface Inputs {

    /** The integers {@code from..to}, both included: an integer function's range, sent as two numbers. */
    static Inputs range(long from, long to) {
        return range(BigInteger.valueOf(from), BigInteger.valueOf(to));
    }

    /** As {@link #range(long, long)}, of any size. */
    static Inputs range(BigInteger from, BigInteger to) {
        return new Range(from, to);
    }

    /**
     * These values, one input each, in order: integers ({@link BigInteger}, {@link Long},
     * {@link Integer}), strings, {@code byte[]}, or anything Jackson writes as JSON (a record, a
     * map, a {@code JsonNode}) for a JSON function. Iterated once per attempt to submit.
     */
    static Inputs of(Iterable<?> values) {
        Objects.requireNonNull(values, "values");
        return new Values(values::iterator);
    }

    /** As {@link #of(Iterable)}. */
    static Inputs of(Object... values) {
        return of(Arrays.asList(values));
    }

    /**
     * The values of the stream {@code values} makes, as {@link #of(Iterable)}; it is asked for a new
     * stream on each attempt to submit.
     */
    static Inputs stream(Supplier<? extends Stream<?>> values) {
        Objects.requireNonNull(values, "values");
        return new Values(() -> values.get().iterator());
    }

    /** A file of one input per line, each read as the function reads a line of text (an integer, a text, JSON, base64). */
    static Inputs lines(Path file) {
        return new File(file, false);
    }

    /** A file of one JSON value per line (JSON Lines). */
    static Inputs jsonLines(Path file) {
        return new File(file, true);
    }

    /** The integers {@code from..to}. */
    record Range(BigInteger from, BigInteger to) implements Inputs {
        public Range {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.compareTo(to) > 0) {
                throw new IllegalArgumentException("range " + from + ".." + to + ": from is past to");
            }
        }
    }

    /** Values iterated afresh for each attempt. */
    record Values(Supplier<? extends Iterator<?>> iterator) implements Inputs {
    }

    /** A file of lines, JSON Lines when {@code jsonLines}. */
    record File(Path path, boolean jsonLines) implements Inputs {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }
}
