package io.computecluster.master.job;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * How listed inputs are cut into blocks of the job store: {@value #MAX_INPUTS} inputs or about
 * {@value #MAX_BYTES} bytes of payload, whichever comes first. Small enough that reading a chunk's
 * block costs little, large enough that a job of 50 million inputs has some 12,000 rows.
 */
public final class InputBlocks {
    public static final int MAX_INPUTS = 4096;
    public static final int MAX_BYTES = 1 << 20;

    private InputBlocks() {
    }

    /** Whether a block of {@code inputs} inputs and {@code bytes} bytes is full. */
    public static boolean full(int inputs, long bytes) {
        return inputs >= MAX_INPUTS || bytes >= MAX_BYTES;
    }

    /** Where the blocks of {@code column} end: the index after each block's last input. */
    public static long[] ends(Column column) {
        List<Long> ends = new ArrayList<>();
        int inBlock = 0;
        long bytes = 0;
        for (int i = 0; i < column.size(); i++) {
            inBlock++;
            bytes += column instanceof Blobs blobs ? blobs.length(i) + 4L : 8L;
            if (full(inBlock, bytes)) {
                ends.add((long) i + 1);
                inBlock = 0;
                bytes = 0;
            }
        }
        if (inBlock > 0) {
            ends.add((long) column.size());
        }
        return ends.stream().mapToLong(Long::longValue).toArray();
    }
}
