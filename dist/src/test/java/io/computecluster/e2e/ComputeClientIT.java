package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import io.computecluster.compute.ComputeClient;
import io.computecluster.compute.ComputeException;
import io.computecluster.compute.Inputs;
import io.computecluster.compute.Job;
import io.computecluster.compute.JobRequest;
import io.computecluster.compute.Result;
import io.computecluster.compute.Results;
import io.computecluster.compute.ValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The client library as an application uses it, against real JVMs: a master, a standby master and
 * a worker node with the example plug-ins. A million inputs of a plug-in function are submitted as
 * a stream, a retried submit returns the same job, the typed results are read while the job runs,
 * and the active master is stopped mid-download: the standby takes over and every result comes
 * once, in order. A cancelled job's results are refused with the master's reason. (This is also
 * the end-to-end test of a standby master taking the job manager over from one stopped with SIGTERM.)
 */
class ComputeClientIT {
    private static final int INPUTS = 1_000_000;

    @Test
    void anApplicationStreamsAMillionTypedResultsOfAPluginThroughAMasterTakeover() throws Exception {
        try (Installation installation = new Installation("compute-client")) {
            Path plugins = installation.workDir().resolve("plugins");
            Installation.deleteRecursively(plugins);
            Files.createDirectories(plugins);
            Path examples = Path.of(System.getProperty("examples.jar"));
            Files.copy(examples, plugins.resolve(examples.getFileName()));
            Installation.StartedMaster active = installation.startMaster("master-1", List.of());
            Installation.StartedMaster standby = installation.startMaster("master-2", List.of(active.seed()));
            installation.start("worker", "worker", "--workers", "2", "--plugins", plugins.toString(),
                    "--seed", active.seed(), "--seed", standby.seed());
            installation.awaitBody(active.api() + "/functions", "sha256", Duration.ofMinutes(2));
            installation.awaitBody(standby.api() + "/cluster", "\"workerActors\":2", Duration.ofMinutes(1));
            assertTrue(installation.outputOf("master-1").contains("Job manager started on"),
                    "the oldest master runs the job manager: " + installation.outputOf("master-1"));

            List<String> switches = new CopyOnWriteArrayList<>();
            try (ComputeClient cluster = ComputeClient.builder().masters(active.api(), standby.api())
                    .onFailover(switches::add).build();
                 ComputeClient standbyOnly = ComputeClient.connect(standby.api())) {
                cancelledJobsResultsAreRefused(cluster);

                JobRequest request = JobRequest.of("sha256", Inputs.stream(() -> IntStream.range(0, INPUTS)
                        .mapToObj(i -> "line " + i))).withIdempotencyKey("compute-client-it-1");
                Job job = cluster.submit(request);
                assertEquals(job.id(), standbyOnly.submit(request).id(),
                        "a submit sent again, to another master, returns the job the first one made");

                long read = 0;
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                HexFormat hex = HexFormat.of();
                try (Results<String, String> results = job.results(ValueType.TEXT, ValueType.TEXT)) {
                    while (results.hasNext()) {
                        Result<String, String> result = results.next();
                        assertEquals(read, result.index());
                        assertEquals("line " + read, result.input());
                        assertEquals(hex.formatHex(sha256.digest(result.input().getBytes(StandardCharsets.UTF_8))),
                                result.valueOrThrow(), "input " + read);
                        read++;
                        if (read == 200_000) {
                            Process first = active.process();
                            first.destroy();
                            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the active master");
                            assertEquals(0, first.exitValue(), installation.outputOf("master-1"));
                        }
                    }
                }
                assertEquals(INPUTS, read, "every result once");
                assertTrue(installation.outputOf("master-2").contains("Job manager started on pekko://compute-cluster@"
                        + "127.0.0.1:" + standby.clusterPort()), "the standby took the job manager over");
                assertFalse(switches.isEmpty(), "the download went on with the standby");
                assertTrue(switches.get(0).startsWith("master " + active.api() + " stopped answering"),
                        switches.toString());
                JobStatus status = job.await();
                assertEquals(JobState.SUCCEEDED, status.state());
                assertEquals(INPUTS, status.completed());
                assertEquals(job.id(), cluster.submit(request).id(), "the key still holds after the takeover");
                assertEquals(1, cluster.jobs().stream().filter(j -> j.function().equals("sha256")).count());
            }
        }
    }

    private static void cancelledJobsResultsAreRefused(ComputeClient cluster) {
        Job job = cluster.submit(JobRequest.square(Inputs.range(1, 1_000_000_000)).withChunkSize(1000));
        await().atMost(Duration.ofSeconds(30)).until(() -> job.status().completed() > 0);
        assertEquals(JobState.CANCELLED, job.cancel().state());
        ComputeException refused = assertThrows(ComputeException.class,
                () -> job.results(ValueType.INTEGER, ValueType.INTEGER));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage().contains("CANCELLED"), refused.getMessage());
    }
}
