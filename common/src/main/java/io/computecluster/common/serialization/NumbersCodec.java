package io.computecluster.common.serialization;

import io.computecluster.common.numbers.Numbers;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of {@link Numbers}: a tag byte, then primitives. A range is two numbers, a column
 * of longs is 8 bytes a value, and only the values that need it are written as big integers.
 */
public final class NumbersCodec {
    private static final byte RANGE = 1;
    private static final byte LONGS = 2;
    private static final byte MIXED = 3;

    private NumbersCodec() {
    }

    /** Upper bound of the bytes {@link #write} needs for {@code numbers}. */
    public static int sizeOf(Numbers numbers) {
        if (numbers instanceof Numbers.LongRange) {
            return 1 + 8 + 4;
        }
        if (numbers instanceof Numbers.LongArray a) {
            return 1 + 4 + 8 * a.values().length;
        }
        Numbers.MixedArray m = (Numbers.MixedArray) numbers;
        int size = 1 + 4 + 8 * m.longs().length + 4;
        for (BigInteger big : m.bigs()) {
            if (big != null) {
                size += 8 + big.bitLength() / 8 + 1;
            }
        }
        return size;
    }

    public static void write(Numbers numbers, ByteBuffer out) {
        if (numbers instanceof Numbers.LongRange r) {
            out.put(RANGE).putLong(r.first()).putInt(r.count());
        } else if (numbers instanceof Numbers.LongArray a) {
            out.put(LONGS).putInt(a.values().length);
            putLongs(a.values(), out);
        } else {
            Numbers.MixedArray m = (Numbers.MixedArray) numbers;
            BigInteger[] bigs = m.bigs();
            out.put(MIXED).putInt(bigs.length);
            putLongs(m.longs(), out);
            int countAt = out.position();
            out.putInt(0);
            int count = 0;
            for (int i = 0; i < bigs.length; i++) {
                if (bigs[i] != null) {
                    byte[] bytes = bigs[i].toByteArray();
                    out.putInt(i).putInt(bytes.length).put(bytes);
                    count++;
                }
            }
            out.putInt(countAt, count);
        }
    }

    private static void putLongs(long[] values, ByteBuffer out) {
        out.asLongBuffer().put(values);
        out.position(out.position() + 8 * values.length);
    }

    public static Numbers read(ByteBuffer in) {
        try {
            byte tag = in.get();
            switch (tag) {
                case RANGE:
                    return new Numbers.LongRange(in.getLong(), in.getInt());
                case LONGS: {
                    return new Numbers.LongArray(getLongs(in));
                }
                case MIXED: {
                    long[] longs = getLongs(in);
                    BigInteger[] bigs = new BigInteger[longs.length];
                    int count = in.getInt();
                    for (int i = 0; i < count; i++) {
                        int index = in.getInt();
                        if (index < 0 || index >= bigs.length) {
                            throw new IllegalArgumentException("bad big integer index " + index);
                        }
                        byte[] bytes = new byte[checkedLength(in, 1)];
                        in.get(bytes);
                        bigs[index] = new BigInteger(bytes);
                    }
                    return new Numbers.MixedArray(longs, bigs);
                }
                default:
                    throw new IllegalArgumentException("unknown Numbers tag " + tag);
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated or corrupt Numbers", e);
        }
    }

    private static long[] getLongs(ByteBuffer in) {
        long[] values = new long[checkedLength(in, 8)];
        in.asLongBuffer().get(values);
        in.position(in.position() + 8 * values.length);
        return values;
    }

    /** Reads a length and checks that the buffer can hold that many elements of {@code width}. */
    private static int checkedLength(ByteBuffer in, int width) {
        int length = in.getInt();
        if (length < 0 || (long) length * width > in.remaining()) {
            throw new IllegalArgumentException("bad length " + length + " with " + in.remaining() + " bytes left");
        }
        return length;
    }
}
