package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two master JVMs and a worker: the job manager singleton runs on the first master; when that one
 * is stopped the singleton starts on the second, which says so in its log, and the worker serves
 * it: jobs submitted to it complete.
 */
class MasterTakeoverIT {

    @Test
    void standbyMasterTakesOverWhenTheActiveOneStops() throws Exception {
        try (Installation installation = new Installation("master-takeover")) {
            Installation.StartedMaster active = installation.startMaster("master-1", List.of());
            Installation.StartedMaster standby = installation.startMaster("master-2", List.of(active.seed()));
            Process first = active.process();
            String firstApi = active.api();
            String secondApi = standby.api();
            int secondPort = standby.clusterPort();
            installation.start("worker", "worker", "--workers", "2", "--seed", active.seed(),
                    "--seed", standby.seed());
            installation.awaitBody(firstApi + "/cluster", "\"workerActors\":2", Duration.ofMinutes(2));
            // The second master sees all three members Up before the first one leaves.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var cluster = installation.get(secondApi + "/cluster");
                return cluster != null && cluster.body().split("\"status\":\"Up\"", -1).length == 4;
            });
            assertTrue(installation.outputOf("master-1").contains("Job manager started on"),
                    "the oldest master runs the job manager: " + installation.outputOf("master-1"));

            assertEquals(0, submit(installation, firstApi, "before"), installation.outputOf("submit-before"));

            first.destroy();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the first master");
            assertEquals(0, first.exitValue(), installation.outputOf("master-1"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    installation.outputOf("master-2").contains("Job manager started on pekko://compute-cluster@127.0.0.1:"
                            + secondPort));
            installation.awaitBody(secondApi + "/cluster", "\"workerActors\":2", Duration.ofSeconds(60));

            assertEquals(0, submit(installation, secondApi, "after"), installation.outputOf("submit-after"));
            Path results = installation.workDir().resolve("after.tsv");
            assertEquals(20_000, Files.readAllLines(results).size());
            assertEquals("20000\t400000000", Files.readAllLines(results).get(19_999));
        }
    }

    private static int submit(Installation installation, String api, String name) {
        return installation.run("submit-" + name, Duration.ofMinutes(2), "submit", "--api", api,
                "--range", "1..20000", "--chunk", "1000", "--no-progress",
                "--out", installation.workDir().resolve(name + ".tsv").toString());
    }
}
