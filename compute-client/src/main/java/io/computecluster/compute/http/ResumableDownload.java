package io.computecluster.compute.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a job's result lines to an output so that a master that stops answering mid-stream costs
 * nothing: the stream is opened again on the next master from the first line not yet written
 * ({@code ?from=N}). Only complete lines are written (the start of a line waits for its newline),
 * so that every line reaches the output exactly once and in order.
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
    private byte[] buffer = new byte[BUFFER];
    /** Bytes in {@code buffer} not yet written: the start of a line. */
    private int held;
    private long linesWritten;

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
        linesWritten = from;
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
                } catch (MasterUnreachableException e) {
                    closeQuietly(in);
                    if (stall == null) {
                        stall = masters.outage();
                        linesAtStall = linesWritten;
                    }
                    // The start of a line from the broken stream comes again, whole, with the next one.
                    held = 0;
                    in = masters.goOn(stall, e, this::open);
                    continue;
                }
                if (n < 0) {
                    // The last line may lack its newline: the stream ended cleanly, so it is whole.
                    out.write(buffer, 0, held);
                    return (held > 0 ? linesWritten + 1 : linesWritten) - from;
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
        return master.openResults(jobId, format, linesWritten, follow);
    }

    /** Writes the complete lines held and keeps the start of the next. */
    private void writeCompleteLines(OutputStream out) throws IOException {
        int end = 0;
        long lines = 0;
        for (int i = 0; i < held; i++) {
            if (buffer[i] == NEWLINE) {
                end = i + 1;
                lines++;
            }
        }
        if (end > 0) {
            out.write(buffer, 0, end);
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

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // A broken connection: nothing more to read from it anyway.
        }
    }
}
