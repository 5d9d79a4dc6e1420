package io.computecluster.common.numbers;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Fills a fixed-size column slot by slot and yields the most compact {@link Numbers} for it: a
 * {@link Numbers.LongArray} unless some value needs a {@link BigInteger}.
 */
public final class NumbersBuilder {
    private final long[] longs;
    private BigInteger[] bigs;

    public NumbersBuilder(int size) {
        this(new long[size]);
    }

    private NumbersBuilder(long[] longs) {
        this.longs = longs;
    }

    public int size() {
        return longs.length;
    }

    public void setLong(int index, long value) {
        longs[index] = value;
        if (bigs != null) {
            bigs[index] = null;
        }
    }

    /** Stores {@code value}, as a long when it fits. */
    public void setBig(int index, BigInteger value) {
        if (fitsInLong(value)) {
            setLong(index, value.longValue());
            return;
        }
        if (bigs == null) {
            bigs = new BigInteger[longs.length];
        }
        bigs[index] = value;
    }

    /** A builder holding the first {@code newSize} slots of this one (growing or trimming it). */
    public NumbersBuilder resized(int newSize) {
        NumbersBuilder copy = new NumbersBuilder(Arrays.copyOf(longs, newSize));
        if (bigs != null) {
            copy.bigs = Arrays.copyOf(bigs, newSize);
        }
        return copy;
    }

    public Numbers build() {
        return bigs == null ? new Numbers.LongArray(longs) : new Numbers.MixedArray(longs, bigs);
    }

    public static boolean fitsInLong(BigInteger value) {
        return value.bitLength() < 64;
    }

    static Numbers copyOf(Numbers source, int from, int to) {
        NumbersBuilder builder = new NumbersBuilder(to - from);
        for (int i = from; i < to; i++) {
            if (source.isLong(i)) {
                builder.setLong(i - from, source.longAt(i));
            } else {
                builder.setBig(i - from, source.bigAt(i));
            }
        }
        return builder.build();
    }
}
