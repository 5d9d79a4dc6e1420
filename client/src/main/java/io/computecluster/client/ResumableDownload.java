package io.computecluster.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies the results of an ended job ({@code INPUT<TAB>RESULT} lines) to an output so that a
 * master that stops answering mid-stream costs nothing: the stream is opened again on the next
 * master, from its start, and the lines already written are skipped. Only complete lines are
 * written (the start of a line waits for its newline), so that every line reaches the output
 * exactly once and in order.
 */
final class ResumableDownload {
    private static final int BUFFER = 1 << 16;
    private static final byte NEWLINE = '\n';

    private final MasterFailover masters;
    private final String jobId;
    /** {@code jsonl} or {@code tsv}; null: the job's default. */
    private final String format;
    private byte[] buffer = new byte[BUFFER];
    /** Bytes in {@code buffer} not yet written: the start of a line, or lines still to skip. */
    private int held;
    private long linesWritten;
    /** Lines of a reopened stream that were already written from an earlier one. */
    private long linesToSkip;

    ResumableDownload(MasterFailover masters, String jobId) {
        this(masters, jobId, null);
    }

    /** The results in {@code format} ({@code jsonl} or {@code tsv}; null: the job's default). */
    ResumableDownload(MasterFailover masters, String jobId, String format) {
        this.masters = masters;
        this.jobId = jobId;
        this.format = format;
    }

    /**
     * Writes every result line to {@code out}, which is not closed; returns the lines written (a
     * last line without its newline counted too). A
     * failure to write {@code out} is a plain {@link IOException}; masters that all stop answering a
     * {@link MasterUnreachableException}.
     */
    long copyTo(OutputStream out) throws IOException, InterruptedException {
        InputStream in = masters.call(this::open);
        // Kept from a break until new lines are written, so that masters that break at the same
        // place again and again cannot keep the download going round for ever.
        MasterOutage stall = null;
        long linesAtStall = 0;
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buffer, held, buffer.length - held);
                    if (n < 0 && linesToSkip > 0) {
                        throw new MasterUnreachableException(masters.inUse().api(), "its results end after "
                                + (linesWritten - linesToSkip) + " lines, " + linesWritten + " were already written",
                                null);
                    }
                } catch (MasterUnreachableException e) {
                    closeQuietly(in);
                    if (stall == null) {
                        stall = masters.outage();
                        linesAtStall = linesWritten;
                    }
                    in = masters.goOn(stall, e, this::open);
                    // The start of a line from the broken stream comes again, whole, with the next one.
                    held = 0;
                    linesToSkip = linesWritten;
                    continue;
                }
                if (n < 0) {
                    // The last line may lack its newline: the stream ended cleanly, so it is whole.
                    out.write(buffer, 0, held);
                    return held > 0 ? linesWritten + 1 : linesWritten;
                }
                held += n;
                writeCompleteLines(out);
                if (stall != null && linesWritten > linesAtStall) {
                    stall = null;
                }
            }
        } finally {
            closeQuietly(in);
        }
    }

    private InputStream open(ApiClient master) throws IOException, InterruptedException {
        return master.openResults(jobId, format);
    }

    /** Drops the lines still to skip, writes the complete lines held, keeps the start of the next. */
    private void writeCompleteLines(OutputStream out) throws IOException {
        int from = 0;
        while (linesToSkip > 0 && from < held) {
            int newline = indexOf(NEWLINE, from, held);
            if (newline < 0) {
                from = held;
            } else {
                from = newline + 1;
                linesToSkip--;
            }
        }
        int end = from;
        long lines = 0;
        for (int i = from; i < held; i++) {
            if (buffer[i] == NEWLINE) {
                end = i + 1;
                lines++;
            }
        }
        if (end > from) {
            out.write(buffer, from, end - from);
            linesWritten += lines;
        }
        held -= end;
        System.arraycopy(buffer, end, buffer, 0, held);
        if (held == buffer.length) {
            // A line longer than the buffer: room for the rest of it.
            byte[] larger = new byte[buffer.length * 2];
            System.arraycopy(buffer, 0, larger, 0, held);
            buffer = larger;
        }
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // A broken connection: nothing more to read from it anyway.
        }
    }
}
