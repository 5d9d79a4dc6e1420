package io.computecluster.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.api.ClusterStatus;
import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNode.Role;
import io.computecluster.client.local.LocalNodes;
import io.computecluster.compute.http.ApiClient;
import io.computecluster.compute.http.FakeMaster;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the demo waits for its cluster, with stand-in node JVMs ({@link FakeNodeMain}) instead of real nodes. */
class ClusterReadinessTest {
    private final PrintStream err = new Captured().errStream;

    /** Starts {@link FakeNodeMain} for every role, on this JVM's class path. */
    static LocalNodes fakeNodes(Path dir, PrintStream err) {
        LocalNodes.NodeCommand fake = role -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), FakeNodeMain.class.getName());
        return new LocalNodes(fake, dir, dir.resolve("logs"), "demo-", err);
    }

    @Test
    void aNodeThatExitsIsNamedWithTheEndOfItsOutput(@TempDir Path dir) throws Exception {
        try (LocalNodes nodes = fakeNodes(dir, err)) {
            LocalNode master = nodes.start("master", Role.MASTER, List.of("run", "master up"));
            LocalNode worker = nodes.start("worker 1", Role.WORKER,
                    List.of("exit3", "starting", "error: cannot bind 127.0.0.1:2"));

            CommandFailure failure = assertThrows(CommandFailure.class,
                    () -> readiness(unreachableApi(), nodes).await(master, List.of(worker), Duration.ofSeconds(30)));

            assertEquals(ExitCode.FAILURE, failure.exitCode());
            List<String> lines = failure.getMessage().lines().toList();
            assertEquals("worker 1 JVM exited with code 3 before the cluster was ready; last lines of "
                    + dir.resolve("logs").resolve("demo-worker-1.out") + ":", lines.get(0));
            assertEquals(List.of("    starting", "    error: cannot bind 127.0.0.1:2"), lines.subList(1, 3));
            assertTrue(master.isAlive());
        }
    }

    @Test
    void aMasterThatNeverAnswersTimesOutNamingIt(@TempDir Path dir) throws Exception {
        try (LocalNodes nodes = fakeNodes(dir, err)) {
            LocalNode master = nodes.start("master", Role.MASTER, List.of("run", "still starting"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(master.output()).contains("still starting"));

            CommandFailure failure = assertThrows(CommandFailure.class,
                    () -> readiness(unreachableApi(), nodes).await(master, List.of(), Duration.ofMillis(300)));

            assertTrue(failure.getMessage().startsWith("the cluster was not ready within 0 s: the master is not "
                    + "answering yet (connection refused); last lines of "), failure.getMessage());
            assertTrue(failure.getMessage().endsWith("    still starting"), failure.getMessage());
        }
    }

    @Test
    void aWorkerThatDoesNotJoinIsNamedWithThePortItBound(@TempDir Path dir) throws Exception {
        try (FakeMaster api = new FakeMaster(); LocalNodes nodes = fakeNodes(dir, err)) {
            api.cluster("{\"workerNodes\":1,\"workerActors\":4,\"workers\":[{\"node\":\"127.0.0.1:41001\",\"actors\":4}]}");
            LocalNode master = nodes.start("master", Role.MASTER, List.of("run"));
            LocalNode joined = nodes.start("worker 1", Role.WORKER, List.of("run", "--cluster", "127.0.0.1:41001"));
            LocalNode missing = nodes.start("worker 2", Role.WORKER,
                    List.of("run", "--cluster", "127.0.0.1:41002", "no seed"));
            // The message quotes the worker's last lines and its port: wait until it has written both.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(missing.output()).contains("no seed") && missing.ports().isPresent());

            CommandFailure failure = assertThrows(CommandFailure.class, () -> readiness(api.api(), nodes)
                    .await(master, List.of(joined, missing), Duration.ofMillis(300)));

            String first = failure.getMessage().lines().findFirst().orElseThrow();
            assertTrue(first.startsWith("the cluster was not ready within 0 s: worker 2 (127.0.0.1:41002) has not joined;"
                    + " last lines of " + missing.output()), first);
        }
    }

    @Test
    void readyOnceEveryWorkerNodeIsCounted(@TempDir Path dir) throws Exception {
        try (FakeMaster api = new FakeMaster(); LocalNodes nodes = fakeNodes(dir, err)) {
            api.cluster("{\"workerNodes\":1,\"workerActors\":4,\"workers\":[{\"node\":\"127.0.0.1:41001\",\"actors\":4}]}");
            LocalNode master = nodes.start("master", Role.MASTER, List.of("run"));
            LocalNode worker = nodes.start("worker 1", Role.WORKER, List.of("run"));

            ClusterStatus status = readiness(api.api(), nodes).await(master, List.of(worker), Duration.ofSeconds(30));

            assertEquals(4, status.workerActorCount());
        }
    }

    private static ClusterReadiness readiness(URI api, LocalNodes nodes) {
        return new ClusterReadiness(new ApiClient(api), nodes, Duration.ofMillis(20));
    }

    /** The API of a master that is not there: a port nothing listens on. */
    private static URI unreachableApi() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
