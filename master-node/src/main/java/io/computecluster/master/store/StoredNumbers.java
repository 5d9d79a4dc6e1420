package io.computecluster.master.store;

import io.computecluster.common.column.Column;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.serialization.ColumnCodec;
import io.computecluster.common.serialization.NumbersCodec;
import java.nio.ByteBuffer;

/**
 * Results as the job store keeps them: a column of longs whose neighbours are close (the squares
 * of a range, say) as zigzag varints of the differences, about half the 8 bytes a value of
 * {@link NumbersCodec}; anything else as {@link NumbersCodec} writes it. Less to write makes
 * the journal faster and smaller; which form a column takes is decided by its size.
 */
final class StoredNumbers {
    /** Not one of ColumnCodec's tags. */
    private static final byte DELTAS = 100;

    private StoredNumbers() {
    }

    /** Upper bound of the bytes {@link #write} needs. */
    static int sizeOf(Column column) {
        if (column instanceof Numbers.LongArray array) {
            return Math.min(NumbersCodec.sizeOf(array), 1 + 4 + deltaBytes(array.values()));
        }
        return ColumnCodec.sizeOf(column);
    }

    static void write(Column column, ByteBuffer out) {
        if (column instanceof Numbers.LongArray array
                && 1 + 4 + deltaBytes(array.values()) < NumbersCodec.sizeOf(array)) {
            long[] values = array.values();
            out.put(DELTAS).putInt(values.length);
            long previous = 0;
            for (long value : values) {
                putVarint(zigzag(value - previous), out);
                previous = value;
            }
        } else {
            ColumnCodec.write(column, out);
        }
    }

    static Column read(ByteBuffer in) {
        if (in.get(in.position()) != DELTAS) {
            return ColumnCodec.read(in);
        }
        in.get();
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("bad count " + count + " with " + in.remaining() + " bytes left");
        }
        long[] values = new long[count];
        long previous = 0;
        for (int i = 0; i < count; i++) {
            previous += unzigzag(getVarint(in));
            values[i] = previous;
        }
        return new Numbers.LongArray(values);
    }

    private static int deltaBytes(long[] values) {
        int bytes = 0;
        long previous = 0;
        for (long value : values) {
            bytes += varintSize(zigzag(value - previous));
            previous = value;
        }
        return bytes;
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static int varintSize(long value) {
        return value == 0 ? 1 : (63 - Long.numberOfLeadingZeros(value)) / 7 + 1;
    }

    private static void putVarint(long value, ByteBuffer out) {
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static long getVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }
}
