package io.computecluster.compute.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A job's result lines, read so that a master that stops answering mid-stream costs nothing: the
 * stream is opened again on the next master from the first line not yet handed out
 * ({@code ?from=N}). Only complete lines are handed out (the start of a line waits for its
 * newline), so that every line comes exactly once and in order.
 */
public final class ResumableDownload {
    private static final int BUFFER = 1 << 16;
    private static final byte NEWLINE = '\n';

    private final MasterFailover masters;
    private final String jobId;
    /** {@code jsonl} or {@code tsv}; null: the job's default. */
    private final String format;
    /** Whether the job may still run: each chunk's lines come once it and those before it are done. */
    private final boolean follow;

    /** The results of an ended job in the job's default format. */
    public ResumableDownload(MasterFailover masters, String jobId) {
        this(masters, jobId, null, false);
    }

    /**
     * The results in {@code format} ({@code jsonl} or {@code tsv}; null: the job's default); with
     * {@code follow}, of a job that may still run.
     */
    public ResumableDownload(MasterFailover masters, String jobId, String format, boolean follow) {
        this.masters = masters;
        this.jobId = jobId;
        this.format = format;
        this.follow = follow;
    }

    /**
     * Writes every result line to {@code out}, which is not closed; returns the lines written (a
     * last line without its newline counted too). A failure to write {@code out} is a plain
     * {@link IOException}; masters that all stop answering a {@link MasterUnreachableException}.
     */
    public long copyTo(OutputStream out) throws IOException, InterruptedException {
        return copyTo(out, 0);
    }

    /** As {@link #copyTo(OutputStream)}, from result line {@code from} (0-based) on. */
    public long copyTo(OutputStream out, long from) throws IOException, InterruptedException {
        try (Lines lines = open(from)) {
            lines.transferTo(out);
            return lines.lines() - from;
        } catch (Interrupted e) {
            throw e.cause;
        }
    }

    /**
     * The result lines from line {@code from} (0-based) on, as a stream that goes on with the next
     * master when one stops answering. A read fails with {@link MasterUnreachableException} once
     * every master has failed for the patience, and with {@link ApiException} when a master
     * refuses the download (the job was cancelled, say).
     */
    public Lines open(long from) throws IOException, InterruptedException {
        Lines lines = new Lines(from);
        lines.in = masters.call(lines::open);
        return lines;
    }

    /** An interrupted wait between masters, carried through {@link InputStream}'s signature. */
    private static final class Interrupted extends IOException {
        private final InterruptedException cause;

        Interrupted(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    /** Complete result lines, across master switches. */
    public final class Lines extends InputStream {
        private InputStream in;
        private byte[] buffer = new byte[BUFFER];
        /** {@code buffer[start..end)} holds bytes read and not handed out; those before {@code complete} end a line. */
        private int start;
        private int complete;
        private int end;
        private boolean ended;
        /** The job's lines up to {@code complete}: where a reopened stream starts. */
        private long lines;
        /** Kept from a break until new lines come, so that masters breaking at the same place are given up. */
        private MasterOutage stall;
        private long linesAtStall;

        private Lines(long from) {
            this.lines = from;
        }

        /** The job's lines read from the master so far, counting those skipped with {@code from}. */
        public long lines() {
            return lines;
        }

        private InputStream open(ApiClient master) throws IOException, InterruptedException {
            return master.openResults(jobId, format, lines, follow);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (start == complete) {
                if (ended) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(length, complete - start);
            System.arraycopy(buffer, start, into, offset, n);
            start += n;
            return n;
        }

        /** Reads more, going on with the next master when the one in use breaks off. */
        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                complete -= start;
                start = 0;
            }
            if (end == buffer.length) {
                // A line longer than the buffer: room for the rest of it.
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n;
            try {
                n = in.read(buffer, end, buffer.length - end);
            } catch (MasterUnreachableException e) {
                switchMaster(e);
                return;
            }
            if (n < 0) {
                // The stream ended cleanly: a last line without its newline is whole.
                if (end > complete) {
                    lines++;
                }
                complete = end;
                ended = true;
                return;
            }
            for (int i = end; i < end + n; i++) {
                if (buffer[i] == NEWLINE) {
                    lines++;
                    complete = i + 1;
                }
            }
            end += n;
            if (stall != null && lines > linesAtStall) {
                stall = null;
            }
        }

        private void switchMaster(MasterUnreachableException failure) throws IOException {
            closeQuietly(in);
            if (stall == null) {
                stall = masters.outage();
                linesAtStall = lines;
            }
            // The start of a line from the broken stream comes again, whole, with the next one.
            end = complete;
            try {
                in = masters.goOn(stall, failure, this::open);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted(e);
            }
        }

        @Override
        public void close() {
            closeQuietly(in);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // A broken connection: nothing more to read from it anyway.
        }
    }
}
