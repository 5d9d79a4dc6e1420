package io.computecluster.master.job;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.column.Columns;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * The inputs of a job, cut into chunks on demand: a range is never materialised, a short list is
 * kept as one compact column and sliced, a long list stays in the job store in blocks
 * ({@link Stored}) and is read a chunk at a time.
 */
public sealed interface InputSource {

    /** Number of inputs. */
    long total();

    /**
     * The inputs {@code [offset, offset + count)}, when the master holds them ({@link #inHeap});
     * {@link Stored} inputs are read with {@link Stored#slice(long, int, IntFunction)}.
     */
    Column slice(long offset, int count);

    /** Whether {@link #slice} answers at once: the inputs are a range or a list in the master's heap. */
    default boolean inHeap() {
        return true;
    }

    /** A short description for logs and the API, such as {@code 1..1000000}. */
    String describe();

    /** Bits of the largest magnitude among integer inputs (0 for others): sizes the messages that carry them. */
    int maxBitLength();

    /** Bytes of the largest input that is not an integer (0 for integers): sizes the messages that carry them. */
    default int maxValueBytes() {
        return 0;
    }

    /** The integers {@code from..to}, both included. */
    record Range(BigInteger from, BigInteger to) implements InputSource {
        public Range {
            if (from.compareTo(to) > 0) {
                throw new IllegalArgumentException("range start " + from + " is after its end " + to);
            }
        }

        @Override
        public long total() {
            return to.subtract(from).add(BigInteger.ONE).longValueExact();
        }

        @Override
        public Numbers slice(long offset, int count) {
            if (from.bitLength() < 64 && to.bitLength() < 64) {
                // Both ends are longs, so every value between is (the common case, without BigInteger).
                return Numbers.range(from.longValue() + offset, count);
            }
            BigInteger first = from.add(BigInteger.valueOf(offset));
            BigInteger last = first.add(BigInteger.valueOf(count - 1L));
            if (NumbersBuilder.fitsInLong(first) && NumbersBuilder.fitsInLong(last)) {
                return Numbers.range(first.longValue(), count);
            }
            NumbersBuilder values = new NumbersBuilder(count);
            BigInteger value = first;
            for (int i = 0; i < count; i++) {
                values.setBig(i, value);
                value = value.add(BigInteger.ONE);
            }
            return values.build();
        }

        @Override
        public String describe() {
            return from + ".." + to;
        }

        @Override
        public int maxBitLength() {
            return Math.max(from.abs().bitLength(), to.abs().bitLength());
        }
    }

    /** Inputs given one by one: integers as a {@link Numbers} column, any other payload as {@link Blobs}. */
    record Listed(Column values) implements InputSource {
        @Override
        public long total() {
            return values.size();
        }

        @Override
        public Column slice(long offset, int count) {
            return values.slice((int) offset, (int) offset + count);
        }

        @Override
        public String describe() {
            return values.size() == 1 ? "1 input" : values.size() + " inputs";
        }

        @Override
        public int maxBitLength() {
            if (!(values instanceof Numbers numbers)) {
                return 0;
            }
            int bits = 0;
            for (int i = 0; i < values.size(); i++) {
                int length = numbers.isLong(i)
                        ? 64 - Long.numberOfLeadingZeros(Math.abs(numbers.longAt(i)))
                        : numbers.bigAt(i).abs().bitLength();
                bits = Math.max(bits, length);
            }
            return bits;
        }

        @Override
        public int maxValueBytes() {
            if (!(values instanceof Blobs blobs)) {
                return 0;
            }
            int max = 0;
            for (int i = 0; i < blobs.size(); i++) {
                max = Math.max(max, blobs.length(i));
            }
            return max;
        }
    }

    /**
     * Inputs given one by one and kept in the job store, not the heap: block {@code i} holds inputs
     * {@code [blockEnds[i - 1], blockEnds[i])} ({@code [0, blockEnds[0])} for block 0), of payload
     * {@code type}. The largest input's size is known from when they were stored, to size chunks.
     */
    record Stored(PayloadType type, long total, long[] blockEnds, int maxValueBytes, int maxBitLength)
            implements InputSource {
        public Stored {
            if (blockEnds.length == 0 || blockEnds[blockEnds.length - 1] != total) {
                throw new IllegalArgumentException("the blocks of " + total + " stored inputs end at "
                        + (blockEnds.length == 0 ? "nothing" : String.valueOf(blockEnds[blockEnds.length - 1])));
            }
            for (int i = 0; i < blockEnds.length; i++) {
                if (blockEnds[i] <= (i == 0 ? 0 : blockEnds[i - 1])) {
                    throw new IllegalArgumentException("stored input block " + i + " is empty");
                }
            }
        }

        @Override
        public boolean inHeap() {
            return false;
        }

        /** Not in the heap: read them with {@link #slice(long, int, IntFunction)}. */
        @Override
        public Column slice(long offset, int count) {
            throw new UnsupportedOperationException("stored inputs are read from the job store");
        }

        /**
         * The inputs {@code [offset, offset + count)}, read with {@code block} (which reads a block
         * of the job's inputs from the store) from the blocks that hold them, usually one.
         */
        public CompletionStage<Column> slice(long offset, int count, IntFunction<CompletionStage<Column>> block) {
            int first = blockOf(offset);
            int last = blockOf(offset + count - 1);
            List<CompletableFuture<Column>> reads = new ArrayList<>(last - first + 1);
            for (int b = first; b <= last; b++) {
                int number = b;
                long start = blockStart(b);
                int from = (int) (Math.max(offset, start) - start);
                int to = (int) (Math.min(offset + count, blockEnds[b]) - start);
                reads.add(block.apply(number).toCompletableFuture().thenApply(column -> {
                    if (column.size() != blockEnds[number] - start) {
                        throw new IllegalStateException("stored input block " + number + " has " + column.size()
                                + " inputs, expected " + (blockEnds[number] - start));
                    }
                    return from == 0 && to == column.size() ? column : column.slice(from, to);
                }));
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .thenApply(all -> Columns.concat(reads.stream().map(CompletableFuture::join).toList()));
        }

        public int blocks() {
            return blockEnds.length;
        }

        /** The block that holds input {@code index}. */
        public int blockOf(long index) {
            if (index < 0 || index >= total) {
                throw new IndexOutOfBoundsException("input " + index + " of " + total);
            }
            int found = Arrays.binarySearch(blockEnds, index);
            // An exact hit is the end of that block: the input is the first of the next.
            return found >= 0 ? found + 1 : -found - 1;
        }

        /** The index of block {@code block}'s first input. */
        public long blockStart(int block) {
            return block == 0 ? 0 : blockEnds[block - 1];
        }

        @Override
        public String describe() {
            return total == 1 ? "1 input" : total + " inputs";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Stored that && type == that.type && total == that.total
                    && Arrays.equals(blockEnds, that.blockEnds) && maxValueBytes == that.maxValueBytes
                    && maxBitLength == that.maxBitLength;
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(total) + Arrays.hashCode(blockEnds);
        }

        @Override
        public String toString() {
            return "Stored[" + type + ", " + total + " inputs in " + blockEnds.length + " blocks]";
        }
    }
}
