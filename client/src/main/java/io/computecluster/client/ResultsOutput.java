package io.computecluster.client;

import io.computecluster.compute.http.MasterFailover;
import io.computecluster.compute.http.ResumableDownload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where results go: a regular file, written under a temporary name next to it and renamed once
 * complete (so a failed run never leaves half a file behind); or, written where it is, stdout, a
 * device, a FIFO or a socket (see {@link OutputTarget}).
 */
abstract class ResultsOutput implements AutoCloseable {
    static final int BUFFER = 1 << 16;
    private static final byte NEWLINE = '\n';

    /** The stream to write to; buffered. */
    abstract OutputStream stream() throws IOException;

    /**
     * Receives the results of an ended job from the masters; a master that breaks off mid-stream is
     * replaced by the next without a line written twice or missed.
     */
    void download(MasterFailover masters, String jobId) throws IOException, InterruptedException {
        download(masters, jobId, null, false);
    }

    /**
     * As {@link #download(MasterFailover, String)}, in {@code format} ({@code jsonl} or {@code tsv};
     * null: the job's default). Returns the lines written, or -1 when they were not counted: only
     * with {@code countLines} is a file that was written straight from the connection read again.
     */
    long download(MasterFailover masters, String jobId, String format, boolean countLines)
            throws IOException, InterruptedException {
        return new ResumableDownload(masters, jobId, format, false).copyTo(stream());
    }

    /**
     * Receives the results of a job that may still run, line by line as its chunks are done (the
     * master's {@code ?follow=true}); returns the lines written.
     */
    final long follow(MasterFailover masters, String jobId, String format) throws IOException, InterruptedException {
        return new ResumableDownload(masters, jobId, format, true).copyTo(stream());
    }

    /** Makes what was written the result: flushes, and for a file moves it into place. */
    abstract void commit() throws IOException;

    /** Discards what was written unless it was committed. */
    @Override
    public abstract void close();

    /** A short name of the destination for messages. */
    abstract String describe();

    /** Whether what is written appears only on {@link #commit()} (a regular file), not as it is written. */
    boolean appearsOnCommit() {
        return false;
    }

    /**
     * Results to what {@code name} names ({@code -} is stdout): a regular file appears only once
     * {@link #commit()} is called; a device, FIFO, socket or descriptor is written where it is.
     */
    static ResultsOutput open(String name, PrintStream stdout, PrintStream stderr) throws IOException {
        OutputTarget target = OutputTarget.of(name);
        return switch (target.kind()) {
            case STDOUT -> new Stdout(stdout, "stdout");
            case STDERR -> new Stdout(stderr, "stderr");
            case REPLACE -> new AtomicFile(target.path(), name);
            case DIRECT -> new Direct(name, () -> Files.newOutputStream(target.path(), StandardOpenOption.WRITE));
            case SOCKET -> new Direct(name, () -> Channels.newOutputStream(
                    SocketChannel.open(UnixDomainSocketAddress.of(target.path()))));
            case DIRECTORY -> throw new IOException("is a directory");
        };
    }

    /** Results to stdout, which is flushed but never closed. */
    static ResultsOutput toStdout(PrintStream stdout) {
        return new Stdout(stdout, "stdout");
    }

    /**
     * Checks before a job is submitted that {@code name} can be written: not a folder; a file's
     * folder exists and is writable; a device or FIFO is writable.
     */
    static void checkWritable(String name) throws CommandFailure {
        OutputTarget target;
        try {
            target = OutputTarget.of(name);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.USAGE, "--out " + name + ": " + e.getMessage());
        }
        switch (target.kind()) {
            case DIRECTORY -> throw new CommandFailure(ExitCode.USAGE, "--out " + name + ": is a directory");
            case REPLACE -> {
                Path dir = folderOf(target.path());
                if (!Files.isDirectory(dir)) {
                    throw new CommandFailure(ExitCode.USAGE, "--out " + name + ": folder " + dir + " does not exist");
                }
                if (!Files.isWritable(dir)) {
                    throw new CommandFailure(ExitCode.USAGE, "--out " + name + ": folder " + dir + " is not writable");
                }
            }
            case DIRECT -> {
                if (!Files.isWritable(target.path())) {
                    throw new CommandFailure(ExitCode.USAGE, "--out " + name + ": not writable");
                }
            }
            default -> {
                // Standard streams and sockets show whether they take data only when written.
            }
        }
    }

    private static Path folderOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        return parent == null ? target.toAbsolutePath().getRoot() : parent;
    }

    private static final class AtomicFile extends ResultsOutput {
        private final Path target;
        private final String name;
        private final Path temp;
        private OutputStream out;
        private boolean committed;

        AtomicFile(Path target, String name) throws IOException {
            this.target = target;
            this.name = name;
            // A plain new file (not createTempFile) so it gets the usual permissions of the umask.
            this.temp = folderOf(target).resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            // Ctrl-C while downloading: the hook removes the partial file.
            temp.toFile().deleteOnExit();
            keepPermissionsOf(target, temp);
        }

        /** A file that is replaced keeps its permissions (a new one gets the umask's). */
        private static void keepPermissionsOf(Path existing, Path replacement) throws IOException {
            try {
                Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(existing));
            } catch (NoSuchFileException | UnsupportedOperationException e) {
                // Nothing there yet, or no POSIX permissions here: the new file's own stand.
            }
        }

        @Override
        OutputStream stream() throws IOException {
            if (out == null) {
                out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE), BUFFER);
            }
            return out;
        }

        /**
         * With one master, straight into the file from the connection's buffers, without a stream
         * copy (a retry writes the same bytes again from the start); with several, line by line, so
         * that a switch can resume where the broken stream stopped.
         */
        @Override
        long download(MasterFailover masters, String jobId, String format, boolean countLines)
                throws IOException, InterruptedException {
            if (masters.several()) {
                return super.download(masters, jobId, format, countLines);
            }
            masters.call(master -> {
                master.downloadResults(jobId, temp, format);
                return null;
            });
            return countLines ? countLines(temp) : -1;
        }

        /** The lines of a downloaded file (a last one without its newline counted too). */
        private static long countLines(Path file) throws IOException {
            long lines = 0;
            byte last = NEWLINE;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == NEWLINE) {
                            lines++;
                        }
                    }
                    last = buffer[n - 1];
                }
            }
            return last == NEWLINE ? lines : lines + 1;
        }

        @Override
        boolean appearsOnCommit() {
            return true;
        }

        @Override
        void commit() throws IOException {
            if (out != null) {
                out.close();
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        @Override
        public void close() {
            if (committed) {
                return;
            }
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                // Being discarded anyway.
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Best effort; deleteOnExit tries again.
            }
        }

        @Override
        String describe() {
            return name;
        }
    }

    /** Opens the output on the first write: for a FIFO that open waits until a reader opens it. */
    @FunctionalInterface
    private interface Opener {
        OutputStream open() throws IOException;
    }

    /** A device, FIFO, socket or descriptor: written where it is, with nothing created beside it. */
    private static final class Direct extends ResultsOutput {
        private final String name;
        private final Opener opener;
        private OutputStream out;

        Direct(String name, Opener opener) {
            this.name = name;
            this.opener = opener;
        }

        @Override
        OutputStream stream() throws IOException {
            if (out == null) {
                out = new BufferedOutputStream(opener.open(), BUFFER);
            }
            return out;
        }

        @Override
        void commit() throws IOException {
            if (out != null) {
                out.close();
            }
        }

        @Override
        public void close() {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                // The reader went away (a FIFO or socket closed): nothing left to tell it.
            }
        }

        @Override
        String describe() {
            return name;
        }
    }

    private static final class Stdout extends ResultsOutput {
        private final BufferedOutputStream out;
        private final String name;

        Stdout(PrintStream stream, String name) {
            this.out = new BufferedOutputStream(stream, BUFFER);
            this.name = name;
        }

        @Override
        OutputStream stream() {
            return out;
        }

        @Override
        void commit() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            try {
                out.flush();
            } catch (IOException e) {
                // stdout closed by the reader (a pipe into head): nothing left to tell.
            }
        }

        @Override
        String describe() {
            return name;
        }
    }
}
