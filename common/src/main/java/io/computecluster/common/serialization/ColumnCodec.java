package io.computecluster.common.serialization;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.numbers.Numbers;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of a {@link Column}: {@link NumbersCodec}'s for integers, and for {@link Blobs} a
 * tag byte, the count, each value's end offset and the packed bytes.
 */
public final class ColumnCodec {
    /** Not one of NumbersCodec's tags. */
    static final byte BLOBS = 4;

    private ColumnCodec() {
    }

    /** Upper bound of the bytes {@link #write} needs for {@code column}. */
    public static int sizeOf(Column column) {
        if (column instanceof Numbers numbers) {
            return NumbersCodec.sizeOf(numbers);
        }
        Blobs blobs = (Blobs) column;
        return 1 + 4 + 4 * blobs.size() + blobs.dataLength();
    }

    public static void write(Column column, ByteBuffer out) {
        if (column instanceof Numbers numbers) {
            NumbersCodec.write(numbers, out);
        } else if (column instanceof Blobs blobs) {
            out.put(BLOBS).putInt(blobs.size());
            out.asIntBuffer().put(blobs.ends());
            out.position(out.position() + 4 * blobs.size());
            out.put(blobs.data(), 0, blobs.dataLength());
        } else {
            throw new IllegalArgumentException("not a known column: " + column.getClass().getName());
        }
    }

    public static Column read(ByteBuffer in) {
        if (in.get(in.position()) != BLOBS) {
            return NumbersCodec.read(in);
        }
        try {
            in.get();
            int count = in.getInt();
            if (count < 0 || 4L * count > in.remaining()) {
                throw new IllegalArgumentException("bad count " + count + " with " + in.remaining() + " bytes left");
            }
            int[] ends = new int[count];
            in.asIntBuffer().get(ends);
            in.position(in.position() + 4 * count);
            int length = count == 0 ? 0 : ends[count - 1];
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("bad data length " + length + " with " + in.remaining()
                        + " bytes left");
            }
            byte[] data = new byte[length];
            in.get(data);
            return new Blobs(ends, data);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated or corrupt column", e);
        }
    }
}
