package io.computecluster.master.job;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.util.List;

/** Columns put end to end: a chunk of stored inputs that spans two blocks is read as one column. */
public final class Columns {
    private Columns() {
    }

    /** {@code parts} in order, as one column of their kind; the part itself when there is one. */
    public static Column concat(List<? extends Column> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to put together");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int size = 0;
        for (Column part : parts) {
            size = Math.addExact(size, part.size());
        }
        if (parts.get(0) instanceof Numbers) {
            NumbersBuilder out = new NumbersBuilder(size);
            int at = 0;
            for (Column part : parts) {
                Numbers numbers = (Numbers) part;
                for (int i = 0; i < numbers.size(); i++, at++) {
                    if (numbers.isLong(i)) {
                        out.setLong(at, numbers.longAt(i));
                    } else {
                        out.setBig(at, numbers.bigAt(i));
                    }
                }
            }
            return out.build();
        }
        long bytes = 0;
        for (Column part : parts) {
            Blobs blobs = (Blobs) part;
            bytes += blobs.size() == 0 ? 0 : blobs.end(blobs.size() - 1) - blobs.start(0);
        }
        byte[] data = new byte[Math.toIntExact(bytes)];
        int[] ends = new int[size];
        int at = 0;
        int written = 0;
        for (Column part : parts) {
            Blobs blobs = (Blobs) part;
            if (blobs.size() == 0) {
                continue;
            }
            int from = blobs.start(0);
            int length = blobs.end(blobs.size() - 1) - from;
            System.arraycopy(blobs.data(), from, data, written, length);
            for (int i = 0; i < blobs.size(); i++) {
                ends[at++] = written + blobs.end(i) - from;
            }
            written += length;
        }
        return new Blobs(ends, data);
    }
}
