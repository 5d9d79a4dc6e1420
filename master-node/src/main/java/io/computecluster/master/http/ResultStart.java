package io.computecluster.master.http;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a results download starts ({@code ?from=N}): at result line {@code line}, 0-based. Results
 * are stored a chunk at a time, one line each, so the download starts at the chunk holding that
 * line and drops the lines of that chunk before it; the chunks before are not read.
 */
record ResultStart(long line) {
    static final ResultStart FIRST_LINE = new ResultStart(0);
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");

    /**
     * The start {@code ?from=} asks for; the first line without it.
     *
     * @throws ApiError 400 for anything but a non-negative decimal integer
     */
    static ResultStart parse(Optional<String> from) {
        if (from.isEmpty()) {
            return FIRST_LINE;
        }
        if (!NUMBER.matcher(from.get()).matches()) {
            throw ApiError.badRequest("from: expected a line number from 0, got '" + from.get() + "'");
        }
        return new ResultStart(Long.parseLong(from.get()));
    }

    /** Whether a job of {@code total} results has no line from here on. */
    boolean pastEnd(long total) {
        return line >= total;
    }

    /** The chunk that holds the first line. */
    int chunk(int chunkSize) {
        return (int) (line / chunkSize);
    }

    /** The lines of {@link #chunk} before the first line. */
    int skipped(int chunkSize) {
        return (int) (line % chunkSize);
    }

    /** Chunk {@code chunk}'s formatted lines from this start on: all of them but in the first chunk. */
    byte[] from(int chunk, int chunkSize, byte[] formatted) {
        return chunk == chunk(chunkSize) ? dropLines(formatted, skipped(chunkSize)) : formatted;
    }

    /** {@code formatted} without its first {@code lines} lines, each ending in '\n'. */
    static byte[] dropLines(byte[] formatted, int lines) {
        int at = 0;
        for (int dropped = 0; dropped < lines && at < formatted.length; at++) {
            if (formatted[at] == '\n') {
                dropped++;
            }
        }
        if (at == 0) {
            return formatted;
        }
        byte[] rest = new byte[formatted.length - at];
        System.arraycopy(formatted, at, rest, 0, rest.length);
        return rest;
    }
}
