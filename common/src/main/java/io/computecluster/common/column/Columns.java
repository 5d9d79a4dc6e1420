package io.computecluster.common.column;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.util.List;

/** Operations on whole columns. */
public final class Columns {
    private Columns() {
    }

    /**
     * The values of {@code parts}, one after the other, as one column: Blobs of Blobs, Numbers of
     * Numbers (a LongArray unless some value needs a big integer). Throws IllegalArgumentException
     * when the parts are of both kinds, or when none is given.
     */
    public static Column concat(List<? extends Column> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no columns to join");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        long size = 0;
        for (Column part : parts) {
            size += part.size();
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a column holds at most " + (Integer.MAX_VALUE - 8) + " values, got "
                    + size);
        }
        if (parts.get(0) instanceof Blobs) {
            return blobs(parts, (int) size);
        }
        if (parts.get(0) instanceof Numbers) {
            return numbers(parts, (int) size);
        }
        throw new IllegalArgumentException("not a known column: " + parts.get(0).getClass().getName());
    }

    private static Blobs blobs(List<? extends Column> parts, int size) {
        long bytes = 0;
        for (Column part : parts) {
            if (!(part instanceof Blobs blobs)) {
                throw new IllegalArgumentException("cannot join Blobs with " + part.getClass().getSimpleName());
            }
            bytes += blobs.dataLength();
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a column holds at most 2 GiB, got " + bytes + " bytes");
        }
        int[] ends = new int[size];
        byte[] data = new byte[(int) bytes];
        int at = 0;
        int offset = 0;
        for (Column part : parts) {
            Blobs blobs = (Blobs) part;
            int[] partEnds = blobs.ends();
            for (int i = 0; i < partEnds.length; i++) {
                ends[at + i] = offset + partEnds[i];
            }
            System.arraycopy(blobs.data(), 0, data, offset, blobs.dataLength());
            at += partEnds.length;
            offset += blobs.dataLength();
        }
        return new Blobs(ends, data);
    }

    private static Numbers numbers(List<? extends Column> parts, int size) {
        NumbersBuilder builder = new NumbersBuilder(size);
        int at = 0;
        for (Column part : parts) {
            if (!(part instanceof Numbers numbers)) {
                throw new IllegalArgumentException("cannot join Numbers with " + part.getClass().getSimpleName());
            }
            for (int i = 0; i < numbers.size(); i++, at++) {
                if (numbers.isLong(i)) {
                    builder.setLong(at, numbers.longAt(i));
                } else {
                    builder.setBig(at, numbers.bigAt(i));
                }
            }
        }
        return builder.build();
    }
}
