package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.computecluster.common.testkit.Commands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing results to each kind of target: nothing but a regular file is ever renamed over. */
class ResultsOutputTest {
    private static final String RESULTS = "1\t1\n2\t4\n3\t9\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private void write(String target, String text) throws IOException {
        try (ResultsOutput output = ResultsOutput.open(target, new PrintStream(stdout, true),
                new PrintStream(stderr, true))) {
            output.stream().write(text.getBytes(StandardCharsets.UTF_8));
            output.commit();
        }
    }

    @Test
    void aRegularFileIsReplacedAndKeepsItsPermissions() throws IOException {
        Path file = Files.writeString(dir.resolve("results.tsv"), "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        write(file.toString(), RESULTS);
        assertEquals(RESULTS, Files.readString(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(file), filesIn(dir), "no temporary file is left behind");
    }

    @Test
    void aLinkStaysALinkAndTheFileItPointsAtHoldsTheResults() throws IOException {
        Path file = Files.writeString(dir.resolve("real.tsv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.tsv"), Path.of("real.tsv"));
        write(link.toString(), RESULTS);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("real.tsv"), Files.readSymbolicLink(link));
        assertEquals(RESULTS, Files.readString(file));
    }

    @Test
    void anUncommittedFileLeavesNothingBehind() throws IOException {
        Path file = dir.resolve("results.tsv");
        try (ResultsOutput output = ResultsOutput.open(file.toString(), System.out, System.err)) {
            output.stream().write(RESULTS.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void aFifoStaysAFifoAndItsReaderGetsEveryLine() throws Exception {
        Path fifo = dir.resolve("results.fifo");
        Commands.run("mkfifo", fifo.toString());
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 100_000; i++) {
            many.append(i).append('\t').append((long) i * i).append('\n');
        }
        // More than a pipe's buffer: the writer needs the reader to drain it.
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        write(fifo.toString(), many.toString());
        assertEquals(many.toString(), read.get(30, TimeUnit.SECONDS));
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther(), "still a FIFO");
        assertEquals(List.of(fifo), filesIn(dir), "no temporary file beside it");
    }

    @Test
    void aCharacterDeviceStaysACharacterDevice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "mknod needs root: skipped, /dev/null itself is checked by devNullIsWrittenThroughAndStaysADevice");
        Path device = dir.resolve("null-device");
        Commands.run("mknod", device.toString(), "c", "1", "3");
        write(device.toString(), RESULTS);
        assertTrue(isCharacterDevice(device), "still a character device");
        assertEquals(List.of(device), filesIn(dir), "no temporary file beside it");
    }

    /** Through the direct path only: the rename path never sees /dev/null, so this cannot replace it. */
    @Test
    void devNullIsWrittenThroughAndStaysADevice() throws Exception {
        assertEquals(OutputTarget.Kind.DIRECT, OutputTarget.of("/dev/null").kind());
        write("/dev/null", RESULTS);
        assertTrue(isCharacterDevice(Path.of("/dev/null")), "/dev/null is still a character device");
    }

    @Test
    void dashAndDevStdoutWriteToStdoutAndDevStderrToStderr() throws IOException {
        write("-", "a\n");
        write("/dev/stdout", "b\n");
        write("/dev/stderr", "c\n");
        assertEquals("a\nb\n", stdout.toString(StandardCharsets.UTF_8));
        assertEquals("c\n", stderr.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void aFolderIsRefusedBeforeSubmitting() throws IOException {
        CommandFailure failure = org.junit.jupiter.api.Assertions.assertThrows(CommandFailure.class,
                () -> ResultsOutput.checkWritable(dir.toString()));
        assertEquals("--out " + dir + ": is a directory", failure.getMessage());
        failure = org.junit.jupiter.api.Assertions.assertThrows(CommandFailure.class,
                () -> ResultsOutput.checkWritable(dir.resolve("missing/results.tsv").toString()));
        assertEquals("--out " + dir.resolve("missing/results.tsv") + ": folder " + dir.resolve("missing")
                + " does not exist", failure.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    static boolean isCharacterDevice(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0020000;
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
