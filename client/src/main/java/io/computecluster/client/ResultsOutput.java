package io.computecluster.client;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where results go: a file, written under a temporary name next to it and renamed once complete
 * (so a failed run never leaves half a file behind), or stdout.
 */
abstract class ResultsOutput implements AutoCloseable {
    static final int BUFFER = 1 << 16;

    /** The stream to write to; buffered. */
    abstract OutputStream stream() throws IOException;

    /**
     * Receives the results of an ended job from the masters; a master that breaks off mid-stream is
     * replaced by the next without a line written twice or missed.
     */
    void download(MasterFailover masters, String jobId) throws IOException, InterruptedException {
        new ResumableDownload(masters, jobId).copyTo(stream());
    }

    /** Makes what was written the result: flushes, and for a file moves it into place. */
    abstract void commit() throws IOException;

    /** Discards what was written unless it was committed. */
    @Override
    public abstract void close();

    /** A short name of the destination for messages. */
    abstract String describe();

    /** Results to {@code target}, a file that appears only once {@link #commit()} is called. */
    static ResultsOutput toFile(Path target) throws IOException {
        return new AtomicFile(target);
    }

    /** Results to stdout, which is flushed but never closed. */
    static ResultsOutput toStdout(PrintStream stdout) {
        return new Stdout(stdout);
    }

    /**
     * Checks before a job is submitted that {@code target} can be written: its folder exists and
     * it is not itself a folder.
     */
    static void checkWritable(Path target) throws CommandFailure {
        if (Files.isDirectory(target)) {
            throw new CommandFailure(ExitCode.USAGE, "--out " + target + ": is a directory");
        }
        Path dir = folderOf(target);
        if (!Files.isDirectory(dir)) {
            throw new CommandFailure(ExitCode.USAGE, "--out " + target + ": folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new CommandFailure(ExitCode.USAGE, "--out " + target + ": folder " + dir + " is not writable");
        }
    }

    private static Path folderOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        return parent == null ? target.toAbsolutePath().getRoot() : parent;
    }

    private static final class AtomicFile extends ResultsOutput {
        private final Path target;
        private final Path temp;
        private OutputStream out;
        private boolean committed;

        AtomicFile(Path target) throws IOException {
            this.target = target;
            // A plain new file (not createTempFile) so it gets the usual permissions of the umask.
            this.temp = folderOf(target).resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            // Ctrl-C while downloading: the hook removes the partial file.
            temp.toFile().deleteOnExit();
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
        void download(MasterFailover masters, String jobId) throws IOException, InterruptedException {
            if (masters.several()) {
                super.download(masters, jobId);
                return;
            }
            masters.call(master -> {
                master.downloadResults(jobId, temp);
                return null;
            });
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
            return target.toString();
        }
    }

    private static final class Stdout extends ResultsOutput {
        private final BufferedOutputStream out;

        Stdout(PrintStream stdout) {
            this.out = new BufferedOutputStream(stdout, BUFFER);
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
            return "stdout";
        }
    }
}
