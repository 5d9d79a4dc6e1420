package io.computecluster.client;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Random signed 64-bit integers, one per line, generated as they are read: a job of ten million
 * random inputs never exists in memory as a whole.
 */
final class RandomInputStream extends InputStream {
    private static final int VALUES_PER_BLOCK = 4096;

    private final SplittableRandom random;
    private long remaining;
    private final StringBuilder text = new StringBuilder(VALUES_PER_BLOCK * 21);
    private byte[] block = new byte[0];
    private int position;

    RandomInputStream(long count, long seed) {
        this.random = new SplittableRandom(seed);
        this.remaining = count;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return block[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, block.length - position);
        System.arraycopy(block, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Makes sure there are bytes to read; false at the end. */
    private boolean fill() {
        if (position < block.length) {
            return true;
        }
        if (remaining == 0) {
            return false;
        }
        text.setLength(0);
        long n = Math.min(remaining, VALUES_PER_BLOCK);
        for (long i = 0; i < n; i++) {
            text.append(random.nextLong()).append('\n');
        }
        remaining -= n;
        block = text.toString().getBytes(StandardCharsets.US_ASCII);
        position = 0;
        return true;
    }
}
