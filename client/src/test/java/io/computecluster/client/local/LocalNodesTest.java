package io.computecluster.client.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.client.FakeNodeMain;
import io.computecluster.client.local.LocalNode.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one launcher of local nodes, with stand-in node JVMs ({@link FakeNodeMain}). */
class LocalNodesTest {
    private final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true);

    private static LocalNodes fakeNodes(Path dir, PrintStream err) {
        LocalNodes.NodeCommand fake = role -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), FakeNodeMain.class.getName());
        return new LocalNodes(fake, dir, dir.resolve("out"), "test-", err);
    }

    @Test
    void whatANodeBoundIsReadFromItsPortsFile(@TempDir Path dir) throws Exception {
        try (LocalNodes nodes = fakeNodes(dir, err)) {
            LocalNode worker = nodes.start("worker 1", Role.WORKER, List.of("run", "--cluster", "127.0.0.1:41234"));

            assertEquals("127.0.0.1:41234", worker.awaitCluster(Duration.ofSeconds(30)));
            assertEquals(dir.resolve("out").resolve("test-worker-1.ports.json").toAbsolutePath(), worker.portsFile());
            assertEquals(dir.resolve("out").resolve("test-worker-1.out"), worker.output());
        }
    }

    @Test
    void aNodeThatExitsBeforeBindingIsNamedWithItsOutput(@TempDir Path dir) throws Exception {
        try (LocalNodes nodes = fakeNodes(dir, err)) {
            LocalNode master = nodes.start("master", Role.MASTER,
                    List.of("exit1", "error: cannot start the master node on 127.0.0.1:25520: BindException"));

            IOException failure = assertThrows(IOException.class, () -> master.awaitCluster(Duration.ofSeconds(30)));

            assertTrue(failure.getMessage().startsWith("master JVM exited with code 1 before it had bound its cluster"
                    + " port; last lines of "), failure.getMessage());
            assertTrue(failure.getMessage().endsWith("    error: cannot start the master node on 127.0.0.1:25520:"
                    + " BindException"), failure.getMessage());
        }
    }

    @Test
    void anEarlierRunsPortsFileIsNotReadAsThisOnes(@TempDir Path dir) throws Exception {
        Path stale = Files.createDirectories(dir.resolve("out")).resolve("test-worker-1.ports.json");
        Files.writeString(stale, "{\"pid\":1,\"role\":\"worker\",\"cluster\":\"127.0.0.1:1\"}");
        try (LocalNodes nodes = fakeNodes(dir, err)) {
            LocalNode worker = nodes.start("worker 1", Role.WORKER, List.of("run", "--cluster", "127.0.0.1:41235"));

            assertEquals("127.0.0.1:41235", worker.awaitCluster(Duration.ofSeconds(30)));
        }
    }

    @Test
    void closeStopsEveryNode(@TempDir Path dir) throws Exception {
        LocalNode master;
        LocalNode worker;
        try (LocalNodes nodes = fakeNodes(dir, err)) {
            master = nodes.start("master", Role.MASTER, List.of("run", "up"));
            worker = nodes.start("worker 1", Role.WORKER, List.of("run", "up"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(worker.output()).contains("up"));
            assertTrue(master.isAlive() && worker.isAlive());
        }
        assertFalse(master.isAlive());
        assertFalse(worker.isAlive());
    }

    @Test
    void defaultsFillOnlyTheOptionsNotGiven() {
        assertEquals(List.of("--seed", "127.0.0.1:1", "--port=5", "--http-port", "0", "--management-port", "0"),
                LocalNodes.withDefaults(List.of("--seed", "127.0.0.1:1", "--port=5"),
                        List.of("--port", "0", "--http-port", "0", "--management-port", "0", "--seed", "self")));
    }
}
