package io.computecluster.common.numbers;

import io.computecluster.common.column.Column;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A column of signed integers of any size, stored as compactly as its values allow: the unit in
 * which inputs travel to workers and results travel back.
 */
public sealed interface Numbers extends Column {

    /** Whether the value at {@code index} fits in a {@code long} (then {@link #longAt} is exact). */
    boolean isLong(int index);

    /** The value at {@code index}; only meaningful when {@link #isLong} is true. */
    long longAt(int index);

    /** The value at {@code index}, exact whatever its size. */
    BigInteger bigAt(int index);

    @Override
    Numbers slice(int from, int to);

    static Numbers range(long first, int count) {
        return new LongRange(first, count);
    }

    static Numbers of(long... values) {
        return new LongArray(values);
    }

    /** Consecutive integers {@code first, first+1, ...}: a range input costs two numbers, not a million. */
    record LongRange(long first, int count) implements Numbers {
        public LongRange {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, got " + count);
            }
            if (count > 0 && first > Long.MAX_VALUE - (count - 1)) {
                throw new IllegalArgumentException("range overflows long: " + first + " + " + count);
            }
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public boolean isLong(int index) {
            return true;
        }

        @Override
        public long longAt(int index) {
            return first + index;
        }

        @Override
        public BigInteger bigAt(int index) {
            return BigInteger.valueOf(first + index);
        }

        @Override
        public Numbers slice(int from, int to) {
            return new LongRange(first + from, to - from);
        }
    }

    /** Values that all fit in a {@code long}. */
    record LongArray(long[] values) implements Numbers {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isLong(int index) {
            return true;
        }

        @Override
        public long longAt(int index) {
            return values[index];
        }

        @Override
        public BigInteger bigAt(int index) {
            return BigInteger.valueOf(values[index]);
        }

        @Override
        public Numbers slice(int from, int to) {
            return new LongArray(Arrays.copyOfRange(values, from, to));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LongArray that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "LongArray[size=" + values.length + "]";
        }
    }

    /**
     * Values of which some do not fit in a {@code long}: {@code bigs[i]} holds those, and
     * {@code longs[i]} the rest ({@code bigs[i] == null}).
     */
    record MixedArray(long[] longs, BigInteger[] bigs) implements Numbers {
        public MixedArray {
            if (longs.length != bigs.length) {
                throw new IllegalArgumentException("longs and bigs differ in length");
            }
        }

        @Override
        public int size() {
            return longs.length;
        }

        @Override
        public boolean isLong(int index) {
            return bigs[index] == null;
        }

        @Override
        public long longAt(int index) {
            return longs[index];
        }

        @Override
        public BigInteger bigAt(int index) {
            BigInteger big = bigs[index];
            return big != null ? big : BigInteger.valueOf(longs[index]);
        }

        @Override
        public Numbers slice(int from, int to) {
            return NumbersBuilder.copyOf(this, from, to);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MixedArray that
                    && Arrays.equals(longs, that.longs)
                    && Arrays.equals(bigs, that.bigs);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(longs) + Arrays.hashCode(bigs);
        }

        @Override
        public String toString() {
            return "MixedArray[size=" + longs.length + "]";
        }
    }
}
