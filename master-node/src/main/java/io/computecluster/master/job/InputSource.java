package io.computecluster.master.job;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;

/**
 * The inputs of a job, cut into chunks on demand: a range is never materialised, a list is kept
 * as one compact column and sliced.
 */
public sealed interface InputSource {

    /** Number of inputs. */
    long total();

    /** The inputs {@code [offset, offset + count)}. */
    Column slice(long offset, int count);

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
}
