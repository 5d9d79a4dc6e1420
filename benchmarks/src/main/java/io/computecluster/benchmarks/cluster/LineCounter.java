package io.computecluster.benchmarks.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Counts the bytes and lines of a results stream and keeps its last line, at a few bytes of state. */
final class LineCounter {
    private static final int TAIL = 256;

    private final byte[] tail = new byte[TAIL];
    private int tailLength;
    private long bytes;
    private long lines;

    /** Reads {@code in} to its end with a buffer of {@code bufferSize} bytes; does not close it. */
    static LineCounter count(InputStream in, int bufferSize) throws IOException {
        LineCounter counter = new LineCounter();
        byte[] buffer = new byte[bufferSize];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            counter.accept(buffer, n);
        }
        return counter;
    }

    void accept(byte[] buffer, int length) {
        long newlines = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                newlines++;
            }
        }
        lines += newlines;
        bytes += length;
        if (length >= TAIL) {
            System.arraycopy(buffer, length - TAIL, tail, 0, TAIL);
            tailLength = TAIL;
        } else {
            int keep = Math.min(tailLength, TAIL - length);
            System.arraycopy(tail, tailLength - keep, tail, 0, keep);
            System.arraycopy(buffer, 0, tail, keep, length);
            tailLength = keep + length;
        }
    }

    long bytes() {
        return bytes;
    }

    /** Newline characters seen: the number of complete lines. */
    long lines() {
        return lines;
    }

    /** The last complete line without its newline, "" when there is none; only its last 255 bytes. */
    String lastLine() {
        int end = tailLength;
        if (end == 0 || tail[end - 1] != '\n') {
            return "";
        }
        int start = end - 1;
        while (start > 0 && tail[start - 1] != '\n') {
            start--;
        }
        return new String(tail, start, end - 1 - start, StandardCharsets.UTF_8);
    }

    /** Whether the stream ended with a newline (its last line is complete). */
    boolean endsWithNewline() {
        return tailLength > 0 && tail[tailLength - 1] == '\n';
    }
}
