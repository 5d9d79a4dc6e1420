package io.computecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.computecluster.common.testkit.Commands;
import io.computecluster.common.testkit.SquareLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@code bin/submit --out} to what is not a regular file: a FIFO, a symbolic link, a character
 * device and {@code -}. Each is written where it is and stays what it was; only a regular file is
 * ever written under a temporary name and renamed.
 */
class OutputTargetsIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final int TOTAL = 20_000;

    private static Installation installation;
    private static String api;
    private Path folder;

    @BeforeAll
    static void startCluster() {
        installation = new Installation("output-targets");
        Installation.StartedMaster master = installation.startMaster();
        api = master.api();
        installation.start("worker", "worker", "--seed", master.seed(), "--workers", "2");
        installation.awaitBody(api + "/cluster", "\"workerActors\":2", Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopCluster() {
        if (installation != null) {
            installation.close();
        }
    }

    /** A folder of this test's own, so that what is left in it is what this test left. */
    @BeforeEach
    void folder(TestInfo test) throws IOException {
        folder = installation.workDir().resolve(test.getTestMethod().orElseThrow().getName());
        Installation.deleteRecursively(folder);
        Files.createDirectories(folder);
    }

    private int submit(String name, String out) {
        return installation.run(name, COMMAND_TIMEOUT, "submit", "--api", api, "--range", "1.." + TOTAL,
                "--chunk", "500", "--no-progress", "--out", out);
    }

    @Test
    void aFifoStaysAFifoAndItsReaderGetsEveryLine() throws Exception {
        Path fifo = folder.resolve("results.fifo");
        Commands.run("mkfifo", fifo.toString());
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(0, submit("submit-fifo", fifo.toString()), installation.outputOf("submit-fifo"));
        assertEquals(squares(TOTAL), read.get(1, TimeUnit.MINUTES));
        assertEquals("fifo", type(fifo));
        assertEquals(List.of(fifo), filesIn(folder), "nothing was made beside the FIFO");
    }

    @Test
    void aLinkStaysALinkAndTheFileItPointsAtHoldsTheResults() throws Exception {
        Path file = Files.writeString(folder.resolve("results.tsv"), "an earlier run\n");
        Path link = Files.createSymbolicLink(folder.resolve("latest.tsv"), Path.of("results.tsv"));
        assertEquals(0, submit("submit-link", link.toString()), installation.outputOf("submit-link"));
        assertTrue(Files.isSymbolicLink(link), "still a link");
        assertEquals(Path.of("results.tsv"), Files.readSymbolicLink(link));
        assertEquals(squares(TOTAL), Files.readString(file));
        assertEquals(List.of(link, file), filesIn(folder), "no temporary file is left behind");
    }

    @Test
    void aCharacterDeviceStaysACharacterDevice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: mknod needs root (the test makes its own device node, never touching /dev/null)");
        Path device = folder.resolve("null-device");
        Commands.run("mknod", device.toString(), "c", "1", "3");
        assertEquals(0, submit("submit-device", device.toString()), installation.outputOf("submit-device"));
        assertEquals("character special file", type(device));
        assertEquals(List.of(device), filesIn(folder), "nothing was made beside the device");
    }

    @Test
    void dashWritesToStdout() throws Exception {
        assertEquals(0, submit("submit-dash", "-"), installation.outputOf("submit-dash"));
        String output = installation.outputOf("submit-dash");
        // stdout and stderr share the file: the results, then the summary line on stderr.
        assertTrue(output.startsWith(squares(TOTAL)), output.substring(0, Math.min(output.length(), 200)));
        assertTrue(output.strip().endsWith("-> stdout"), output.substring(Math.max(0, output.length() - 200)));
        assertTrue(Files.notExists(Installation.ROOT.resolve("-")), "no file named - in the working folder");
    }

    private static String squares(int total) {
        return SquareLines.squares(1, total);
    }

    /** The file type as stat(1) names it, without following a link. */
    private static String type(Path path) throws IOException, InterruptedException {
        return Commands.run("stat", "-c", "%F", path.toString()).strip();
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
