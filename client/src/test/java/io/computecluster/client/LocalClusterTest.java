package io.computecluster.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.api.ClusterStatus;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's handling of node JVMs, with a stand-in main class instead of real nodes. */
class LocalClusterTest {
    private static final String FAKE = FakeNodeMain.class.getName();
    private final PrintStream err = new Captured().errStream;

    @Test
    void aNodeThatExitsIsNamedWithTheEndOfItsOutput(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, dir.resolve("logs"), err)) {
            NodeProcess master = cluster.start("master", "master-1", 1, FAKE, "64m", List.of("run", "master up"));
            NodeProcess worker = cluster.start("worker 1", "worker-1", 2, FAKE, "64m",
                    List.of("exit3", "starting", "error: cannot bind 127.0.0.1:2"));

            CommandFailure failure = assertThrows(CommandFailure.class,
                    () -> readiness(unreachableApi(), cluster).await(master, List.of(worker), Duration.ofSeconds(30)));

            assertEquals(ExitCode.FAILURE, failure.exitCode());
            List<String> lines = failure.getMessage().lines().toList();
            assertEquals("worker 1 JVM exited with code 3 before the cluster was ready; last lines of "
                    + dir.resolve("logs").resolve("demo-worker-1.out") + ":", lines.get(0));
            assertEquals(List.of("    starting", "    error: cannot bind 127.0.0.1:2"), lines.subList(1, 3));
            assertTrue(master.isAlive());
            assertFalse(ClusterReadiness.portTaken(worker), "another failure is not a taken port");
        }
    }

    @Test
    void aNodeWhosePortWasTakenIsToldApartSoTheDemoCanStartAgain(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, dir.resolve("logs"), err)) {
            NodeProcess master = cluster.start("master", "master-1", 1, FAKE, "64m", List.of("exit1",
                    "error: cannot start the master node on 127.0.0.1:45037: BindException: [/127.0.0.1:45037]"
                            + " Address already in use"));

            assertThrows(CommandFailure.class,
                    () -> readiness(unreachableApi(), cluster).await(master, List.of(), Duration.ofSeconds(30)));
            assertEquals(master, cluster.firstExited().orElseThrow());
            assertTrue(ClusterReadiness.portTaken(master));
        }
    }

    @Test
    void closeStopsEveryNode(@TempDir Path dir) throws Exception {
        NodeProcess master;
        NodeProcess worker;
        try (LocalCluster cluster = new LocalCluster(dir, dir.resolve("logs"), err)) {
            master = cluster.start("master", "master-1", 1, FAKE, "64m", List.of("run", "up"));
            worker = cluster.start("worker 1", "worker-1", 2, FAKE, "64m", List.of("run", "up"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(worker.output()).contains("up"));
            assertTrue(master.isAlive() && worker.isAlive());
        }
        assertFalse(master.isAlive());
        assertFalse(worker.isAlive());
    }

    @Test
    void aMasterThatNeverAnswersTimesOutNamingIt(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, dir.resolve("logs"), err)) {
            NodeProcess master = cluster.start("master", "master-1", 1, FAKE, "64m", List.of("run", "still starting"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(master.output()).contains("still starting"));

            CommandFailure failure = assertThrows(CommandFailure.class,
                    () -> readiness(unreachableApi(), cluster).await(master, List.of(), Duration.ofMillis(300)));

            assertTrue(failure.getMessage().startsWith("the cluster was not ready within 0 s: the master is not "
                    + "answering yet (connection refused); last lines of "), failure.getMessage());
            assertTrue(failure.getMessage().endsWith("    still starting"), failure.getMessage());
        }
    }

    @Test
    void aWorkerThatDoesNotJoinIsNamed(@TempDir Path dir) throws Exception {
        try (FakeMaster api = new FakeMaster();
             LocalCluster cluster = new LocalCluster(dir, dir.resolve("logs"), err)) {
            api.cluster("{\"workerNodes\":1,\"workerActors\":4,\"workers\":[{\"node\":\"127.0.0.1:41001\",\"actors\":4}]}");
            NodeProcess master = cluster.start("master", "master-1", 41000, FAKE, "64m", List.of("run"));
            NodeProcess joined = cluster.start("worker 1", "worker-1", 41001, FAKE, "64m", List.of("run"));
            NodeProcess missing = cluster.start("worker 2", "worker-2", 41002, FAKE, "64m", List.of("run", "no seed"));
            // The message quotes the worker's last lines: wait until it has printed some.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(missing.output()).contains("no seed"));

            CommandFailure failure = assertThrows(CommandFailure.class, () -> readiness(api.api(), cluster)
                    .await(master, List.of(joined, missing), Duration.ofMillis(300)));

            String first = failure.getMessage().lines().findFirst().orElseThrow();
            assertTrue(first.startsWith("the cluster was not ready within 0 s: worker 2 (port 41002) has not joined; "
                    + "last lines of " + missing.output()), first);
        }
    }

    @Test
    void readyOnceEveryWorkerNodeIsCounted(@TempDir Path dir) throws Exception {
        try (FakeMaster api = new FakeMaster();
             LocalCluster cluster = new LocalCluster(dir, dir.resolve("logs"), err)) {
            api.cluster("{\"workerNodes\":1,\"workerActors\":4,\"workers\":[{\"node\":\"127.0.0.1:41001\",\"actors\":4}]}");
            NodeProcess master = cluster.start("master", "master-1", 41000, FAKE, "64m", List.of("run"));
            NodeProcess worker = cluster.start("worker 1", "worker-1", 41001, FAKE, "64m", List.of("run"));

            ClusterStatus status = readiness(api.api(), cluster).await(master, List.of(worker), Duration.ofSeconds(30));

            assertEquals(4, status.workerActors());
        }
    }

    private static ClusterReadiness readiness(URI api, LocalCluster cluster) {
        return new ClusterReadiness(new ApiClient(api), cluster, Duration.ofMillis(20));
    }

    private static URI unreachableApi() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
