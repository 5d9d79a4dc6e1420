package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.computecluster.common.testkit.SquareLines;
import io.computecluster.common.testkit.TestJson;
import io.computecluster.common.testkit.TestPostgres;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Jobs outlive the JVMs that run them: the active master killed with SIGKILL in the middle of a
 * job, a lone master killed and started again (its worker JVMs rejoin by themselves, and one of
 * them, frozen mid-job, comes back too), and a whole cluster stopped and started again.
 */
class DurableJobsIT {
    private static final Duration FROZEN_FOR = Duration.ofSeconds(20);

    @Test
    void killingTheActiveMasterMidJobLosesNoResult() throws Exception {
        try (Installation installation = new Installation("durable-jobs-kill")) {
            killTheActiveMasterMidJob(installation);
        }
    }

    /** The same with the job store in PostgreSQL, when the machine has a server (.ci/run starts one). */
    @Test
    void killingTheActiveMasterMidJobLosesNoResultWithPostgres() throws Exception {
        String unavailable = TestPostgres.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        try (Installation installation = new Installation("durable-jobs-kill-postgres")) {
            TestPostgres.freshDatabase().environment().forEach(installation::environment);
            killTheActiveMasterMidJob(installation);
        }
    }

    private static void killTheActiveMasterMidJob(Installation installation) throws Exception {
        Installation.StartedMaster active = installation.startMaster("master-1", List.of());
        String firstApi = active.api();
        Process first = active.process();
        installation.awaitBody(firstApi + "/health", "UP", Duration.ofMinutes(2));
        Installation.StartedMaster standby = installation.startMaster("master-2", List.of(active.seed()));
        String secondApi = standby.api();
        for (int i = 1; i <= 2; i++) {
            installation.start("worker-" + i, "worker", "--workers", "2", "--seed", active.seed(),
                    "--seed", standby.seed());
        }
        installation.awaitBody(secondApi + "/cluster", "\"workerActors\":4", Duration.ofMinutes(2));

        int total = 2_000_000;
        Path out = installation.workDir().resolve("results.tsv");
        // Small chunks make a job of some seconds; the client knows both masters.
        Process submit = installation.start("submit", "submit", "--api", firstApi + "," + secondApi,
                "--range", "1.." + total, "--chunk", "20", "--no-progress", "--out", out.toString());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> completed(installation.get(secondApi + "/jobs")) >= total / 10);

        first.destroyForcibly();
        long killedAt = System.nanoTime();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "SIGKILL ends the first master");

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> installation.outputOf("master-2").contains("Recovered 1 jobs"));
        System.out.printf("takeover: the standby master recovered the job %.1f s after the SIGKILL%n",
                (System.nanoTime() - killedAt) / 1e9);

        assertTrue(submit.waitFor(3, TimeUnit.MINUTES), "bin/submit ends: " + installation.outputOf("submit"));
        assertEquals(0, submit.exitValue(), installation.outputOf("submit"));
        assertSquares(out, total);
        assertTrue(installation.outputOf("submit").contains("going on with " + secondApi),
                "bin/submit says it moved to the second master: " + installation.outputOf("submit"));
    }

    /**
     * The lone master killed with SIGKILL mid-job and started again on its cluster port, HTTP port
     * and job store: the worker JVMs started by hand, never restarted, leave the cluster that has no
     * master, join the new one with fresh actor systems, and serve the job to its exact end. Then
     * one of them is frozen mid-job and resumed ({@link #aWorkerFrozenMidJobIsDownedAndComesBackOnceResumed}).
     */
    @Test
    void workerNodesComeBackToALoneMasterStartedAgainAndAfterAFreeze() throws Exception {
        try (Installation installation = new Installation("durable-jobs-lone-master")) {
            // The workers give up on a cluster without a master after 10 s instead of 30 s.
            installation.environment("JAVA_OPTS", "-Xmx512m -Dcompute.worker.master-absent-timeout=10s");
            Installation.StartedMaster master = installation.startMaster();
            List<Process> workers = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                workers.add(installation.start("worker-" + i, "worker", "--workers", "2", "--seed", master.seed()));
            }
            installation.awaitBody(master.api() + "/cluster", "\"workerActors\":4", Duration.ofMinutes(2));

            int total = 400_000;
            String id = installation.submitDetached("submit", master.api(), "--range", "1.." + total, "--chunk", "20");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> completed(installation.get(master.api() + "/jobs")) >= total / 10);
            master.process().destroyForcibly();
            assertTrue(master.process().waitFor(10, TimeUnit.SECONDS), "SIGKILL ends the master");
            long killedAt = System.nanoTime();

            Installation.StartedMaster again = installation.startMaster("master-again", List.of(),
                    "--port", String.valueOf(master.clusterPort()),
                    "--http-port", String.valueOf(URI.create(master.api()).getPort()));
            assertEquals(master.api(), again.api());
            installation.awaitSucceeded(again.api(), id, Duration.ofMinutes(3));
            System.out.printf("lone master: the job ended %.1f s after the SIGKILL%n",
                    (System.nanoTime() - killedAt) / 1e9);

            for (int i = 1; i <= 2; i++) {
                assertTrue(workers.get(i - 1).isAlive(), "worker-" + i + " is the same JVM");
                String output = installation.outputOf("worker-" + i);
                assertTrue(output.contains("Cluster left (")
                        && output.contains("joining again with a fresh actor system through the seeds"), output);
            }
            // Not awaitBody: it fails on the killed master's exit code.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                HttpResponse<String> cluster = installation.get(again.api() + "/cluster");
                return cluster != null && cluster.body().contains("\"workerActors\":4");
            });
            Path out = installation.workDir().resolve("results.tsv");
            installation.downloadResults(again.api(), id, out);
            assertSquares(out, total);

            aWorkerFrozenMidJobIsDownedAndComesBackOnceResumed(installation, again.api(), workers.get(0));
        }
    }

    /**
     * {@code worker-1} frozen for {@link #FROZEN_FOR} with SIGSTOP in the middle of a job (as a long
     * GC pause or a stalled VM would): the cluster downs it and hands its chunks to the other worker;
     * resumed, it learns it was removed, joins again with a fresh actor system in the same JVM, and
     * computes part of the next job.
     */
    private static void aWorkerFrozenMidJobIsDownedAndComesBackOnceResumed(Installation installation, String api,
                                                                          Process frozen) throws Exception {
        String frozenNode = installation.node("worker-1").ports().orElseThrow().cluster();
        int total = 200_000;
        String id = installation.submitDetached("submit-frozen", api, "--range", "1.." + total, "--chunk", "20");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> completed(installation.get(api + "/jobs")) >= total / 10);
        Installation.signal(frozen, "STOP");
        long frozenAt = System.nanoTime();
        Path masterLog = installation.logFile("master-again");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
                System.nanoTime() - frozenAt >= FROZEN_FOR.toNanos()
                        && Files.readString(masterLog).contains("Member removed: pekko://compute-cluster@" + frozenNode));
        Installation.signal(frozen, "CONT");
        long resumedAt = System.nanoTime();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String node = installation.node("worker-1").ports().map(ports -> ports.cluster()).orElse(frozenNode);
            HttpResponse<String> cluster = installation.get(api + "/cluster");
            return !node.equals(frozenNode) && cluster != null && cluster.body().contains("\"node\":\"" + node + "\"");
        });
        System.out.printf("frozen worker: back in the cluster %.1f s after SIGCONT%n", (System.nanoTime() - resumedAt) / 1e9);
        assertTrue(frozen.isAlive(), "the frozen worker is the same JVM");
        // Downed by its own resolver or, quarantined by the others, by itself: the same reason.
        String output = installation.outputOf("worker-1");
        assertTrue(output.contains("Cluster left (downed by the cluster): joining again with a fresh actor system"),
                output);
        installation.awaitSucceeded(api, id, Duration.ofMinutes(3));
        Path out = installation.workDir().resolve("frozen.tsv");
        installation.downloadResults(api, id, out);
        assertSquares(out, total);

        String node = installation.node("worker-1").ports().orElseThrow().cluster();
        String next = installation.submitDetached("submit-next", api, "--range", "1..50000", "--chunk", "50");
        installation.awaitSucceeded(api, next, Duration.ofMinutes(2));
        JsonNode byNode = TestJson.read(installation.get(api + "/jobs/" + next).body()).path("workerNodes");
        assertTrue(byNode.path(node).asLong() > 0, "the resumed worker " + node + " computed part of it: " + byNode);
    }

    @Test
    void endedJobsAndTheirResultsSurviveARestartOfTheWholeCluster() throws Exception {
        try (Installation installation = new Installation("durable-jobs-restart")) {
            Installation.StartedMaster master = installation.startMaster();
            Process worker = installation.start("worker", "worker", "--workers", "2", "--seed", master.seed());
            installation.awaitBody(master.api() + "/cluster", "\"workerActors\":2", Duration.ofMinutes(2));
            Path out = installation.workDir().resolve("before.tsv");
            assertEquals(0, installation.run("submit", Duration.ofMinutes(2), "submit", "--api", master.api(),
                    "--range", "1..100000", "--chunk", "1000", "--no-progress", "--out", out.toString()),
                    installation.outputOf("submit"));
            String id = firstId(installation.get(master.api() + "/jobs").body());

            stop(worker);
            stop(master.process());

            // Only a master this time: ended jobs need no worker to be served.
            Installation.StartedMaster again = installation.startMaster();
            installation.awaitBody(again.api() + "/jobs", id, Duration.ofMinutes(2));
            HttpResponse<String> status = installation.get(again.api() + "/jobs/" + id);
            assertTrue(status.body().contains("\"state\":\"SUCCEEDED\"") && status.body().contains("\"completed\":100000"),
                    status.body());
            HttpResponse<String> results = installation.get(again.api() + "/jobs/" + id + "/results");
            assertEquals(200, results.statusCode(), results.body());
            assertEquals(Files.readString(out), results.body(), "the same results after the restart");

            HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(again.api() + "/jobs/" + id)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, deleted.statusCode(), deleted.body());
            stop(again.process());

            // A deleted job stays deleted.
            Installation.StartedMaster third = installation.startMaster();
            installation.awaitBody(third.api() + "/health", "UP", Duration.ofMinutes(2));
            assertEquals(404, installation.get(third.api() + "/jobs/" + id).statusCode());
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops " + process.info());
    }

    /** {@code x<TAB>x²} for x = 1..total, each once, in order. */
    private static void assertSquares(Path file, int total) throws IOException {
        SquareLines.assertSquares(file, BigInteger.ONE, total);
    }

    private static long completed(HttpResponse<String> jobs) {
        if (jobs == null || jobs.statusCode() != 200) {
            return -1;
        }
        return TestJson.newestCompleted(jobs.body());
    }

    private static String firstId(String jobs) {
        return TestJson.read(jobs).path("jobs").path(0).path("id").asText();
    }
}
