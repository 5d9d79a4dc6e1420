package io.computecluster.common.column;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A column of byte strings packed into one array: value {@code i} is
 * {@code data[start(i), ends[i])}. Text, JSON and bytes payloads travel and are stored this way,
 * at four bytes a value more than their contents.
 */
public final class Blobs implements Column {
    private final int[] ends;
    private final byte[] data;

    /**
     * Values ending at {@code ends} (non-decreasing, the last at most {@code data.length}) in
     * {@code data}; neither array is copied.
     */
    public Blobs(int[] ends, byte[] data) {
        int previous = 0;
        for (int end : ends) {
            if (end < previous || end > data.length) {
                throw new IllegalArgumentException("bad end offset " + end + " after " + previous + " of "
                        + data.length + " bytes");
            }
            previous = end;
        }
        this.ends = ends;
        this.data = data;
    }

    public static Blobs of(byte[]... values) {
        return of(Arrays.asList(values));
    }

    public static Blobs of(List<byte[]> values) {
        BlobsBuilder builder = new BlobsBuilder(values.size());
        for (int i = 0; i < values.size(); i++) {
            builder.set(i, values.get(i));
        }
        return builder.build();
    }

    /** Strings as their UTF-8 bytes. */
    public static Blobs ofUtf8(String... values) {
        BlobsBuilder builder = new BlobsBuilder(values.length);
        for (int i = 0; i < values.length; i++) {
            builder.set(i, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    @Override
    public int size() {
        return ends.length;
    }

    /** Where value {@code index} starts in {@link #data()}. */
    public int start(int index) {
        return index == 0 ? 0 : ends[index - 1];
    }

    /** Where value {@code index} ends (exclusive) in {@link #data()}. */
    public int end(int index) {
        return ends[index];
    }

    /** Bytes of value {@code index}. */
    public int length(int index) {
        return ends[index] - start(index);
    }

    /** A copy of value {@code index}. */
    public byte[] bytesAt(int index) {
        return Arrays.copyOfRange(data, start(index), ends[index]);
    }

    /** Value {@code index} read as UTF-8. */
    public String utf8At(int index) {
        return new String(data, start(index), length(index), StandardCharsets.UTF_8);
    }

    /** The packed bytes of every value; not a copy: do not change it. */
    public byte[] data() {
        return data;
    }

    /** The end offsets of every value; not a copy: do not change it. */
    public int[] ends() {
        return ends;
    }

    /** Bytes of all values together. */
    public int dataLength() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    @Override
    public Blobs slice(int from, int to) {
        int base = start(from);
        int[] sliced = new int[to - from];
        for (int i = from; i < to; i++) {
            sliced[i - from] = ends[i] - base;
        }
        return new Blobs(sliced, Arrays.copyOfRange(data, base, to == from ? base : ends[to - 1]));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Blobs that && Arrays.equals(ends, that.ends)
                && Arrays.equals(data, 0, dataLength(), that.data, 0, that.dataLength());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ends) + Arrays.hashCode(Arrays.copyOf(data, dataLength()));
    }

    @Override
    public String toString() {
        return "Blobs[size=" + ends.length + ", bytes=" + dataLength() + "]";
    }
}
