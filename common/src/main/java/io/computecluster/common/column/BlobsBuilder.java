package io.computecluster.common.column;

/**
 * Collects the values of a {@link Blobs} column by index, in any order; a slot never set is
 * empty (the slot of a failed input, say).
 */
public final class BlobsBuilder {
    private final byte[][] values;
    private long bytes;

    public BlobsBuilder(int size) {
        this.values = new byte[size][];
    }

    /** Sets value {@code index} to {@code value}, which is kept, not copied. */
    public BlobsBuilder set(int index, byte[] value) {
        byte[] previous = values[index];
        bytes += value.length - (previous == null ? 0 : previous.length);
        values[index] = value;
        return this;
    }

    /** Bytes of the values set so far. */
    public long bytes() {
        return bytes;
    }

    public int size() {
        return values.length;
    }

    public Blobs build() {
        return build(0, values.length);
    }

    /** The values {@code from} (inclusive) to {@code to} (exclusive) as a column of their own. */
    public Blobs build(int from, int to) {
        if (from < 0 || to > values.length || from > to) {
            throw new IndexOutOfBoundsException("values " + from + " to " + to + " of " + values.length);
        }
        long total = 0;
        for (int i = from; i < to; i++) {
            total += values[i] == null ? 0 : values[i].length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a column holds at most 2 GiB, got " + total + " bytes");
        }
        int[] ends = new int[to - from];
        byte[] data = new byte[(int) total];
        int at = 0;
        for (int i = from; i < to; i++) {
            byte[] value = values[i];
            if (value != null) {
                System.arraycopy(value, 0, data, at, value.length);
                at += value.length;
            }
            ends[i - from] = at;
        }
        return new Blobs(ends, data);
    }
}
