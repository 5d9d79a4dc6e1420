package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.api.ClusterStatus;
import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import io.computecluster.compute.http.ApiClient;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A master and a worker started with {@code COMPUTE_LOG_FORMAT=json} run a small job: bin/status shows
 * them and the job, and every line of both nodes' log files is a JSON object with the node's role
 * and address, the job's id as a field of its job lines, and the membership changes.
 */
class JsonLogsAndStatusIT {
    private static final Pattern PLAIN_LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR) .*");
    private static final Pattern MANAGEMENT_URL = Pattern.compile("Management endpoints at (http://[0-9.]+:\\d+)");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonLogsAndStatusOfAMasterAndAWorker() throws Exception {
        try (Installation installation = new Installation("json-logs").environment("COMPUTE_LOG_FORMAT", "json")) {
            Installation.StartedMaster started = installation.startMaster();
            String seed = started.seed();
            String api = started.api();
            installation.start("worker", "worker", "--seed", seed, "--workers", "2");
            installation.awaitBody(api + "/cluster", "\"workerActors\":2", Duration.ofMinutes(2));

            ApiClient client = new ApiClient(URI.create(api));
            ClusterStatus cluster = client.cluster();
            String workerNode = cluster.workers().get(0).node();
            JobStatus job = runSmallJob(client);
            assertStatusShows(installation, api, cluster.leader(), seed, workerNode, job.id());
            // The worker's conf leaves its management port 0: the node binds a free one once it is Up,
            // and names it in one line and in its ports file.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> MANAGEMENT_URL.matcher(installation.outputOf("worker")).find());
            Matcher management = MANAGEMENT_URL.matcher(installation.outputOf("worker"));
            assertTrue(management.find(), installation.outputOf("worker"));
            assertFalse(management.group(1).endsWith(":0"), management.group(1));
            assertEquals(management.group(1), installation.ports("worker", ports -> ports.management() != null,
                    "its management port").management());
            assertEquals(200, installation.get(management.group(1) + "/alive").statusCode());

            installation.close();
            String masterNode = seed;
            // Named after the ports the nodes bound: master-PORT.log and worker-PORT.log.
            Path masterLog = installation.logFile("master");
            Path workerLog = installation.logFile("worker");
            assertEquals("master-" + started.clusterPort() + ".log", masterLog.getFileName().toString());
            assertEquals("worker-" + workerNode.substring(workerNode.lastIndexOf(':') + 1) + ".log",
                    workerLog.getFileName().toString());
            List<JsonNode> master = jsonLines(masterLog, "master", masterNode);
            List<JsonNode> worker = jsonLines(workerLog, "worker", workerNode);

            JsonNode succeeded = withMessage(master, "Job " + job.id() + " SUCCEEDED");
            assertEquals(job.id(), succeeded.path("jobId").asText(), "jobId field: " + succeeded);
            assertEquals(job.id(), withMessage(master, "Job " + job.id() + " submitted").path("jobId").asText());
            JsonNode memberUp = withMessage(master, "Member up: pekko://compute-cluster@" + workerNode);
            assertEquals("pekko://compute-cluster@" + masterNode, memberUp.path("pekkoAddress").asText(),
                    "Pekko's MDC: " + memberUp);
            withMessage(worker, "Member up: pekko://compute-cluster@" + masterNode);
            assertConsoleIsJson(installation.outputOf("master"), "master");
            assertConsoleIsJson(installation.outputOf("worker"), "worker");
        }
    }

    private static JobStatus runSmallJob(ApiClient client) throws Exception {
        String id = client.submitRange("square", BigInteger.ONE, BigInteger.valueOf(20_000), 1000);
        JobStatus status = client.awaitStatus(id, Duration.ofSeconds(60));
        assertEquals(JobState.SUCCEEDED, status.state(), "job " + status);
        return status;
    }

    /** bin/status against the running cluster: the member rows, the worker row and the job. */
    private static void assertStatusShows(Installation installation, String api, String leader, String seed,
                                          String workerNode, String jobId) {
        int exit = installation.run("status", Duration.ofMinutes(1), "status", "--api", api);
        String output = installation.outputOf("status");

        assertEquals(0, exit, output);
        assertTrue(output.startsWith("Members (2)"), output);
        String master = "pekko://compute-cluster@" + seed;
        String worker = "pekko://compute-cluster@" + workerNode;
        // The leader is the member with the lowest address: the master or the worker, by port.
        assertTrue(master.equals(leader) || worker.equals(leader), "leader " + leader);
        assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(master) + " +master +Up +yes"
                + (master.equals(leader) ? " +\\*" : "") + "$").matcher(output).find(), "the master's row: " + output);
        assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(worker) + " +worker +Up +yes"
                + (worker.equals(leader) ? " +\\*" : "") + "$").matcher(output).find(), "the worker's row: " + output);
        assertTrue(output.contains("Worker nodes (1 node, 2 worker actors, "), output);
        assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(workerNode) + " +2 +\\d+ +[\\d,]+ +[\\d,]+$")
                .matcher(output).find(), "the worker node's row: " + output);
        assertTrue(Pattern.compile("(?m)^  " + jobId + " +SUCCEEDED +100% +20,000/20,000 +0 ").matcher(output).find(),
                "the job's row: " + output);
    }

    /** Every line of the file, each a JSON object with the standard fields and this node's role and address. */
    private List<JsonNode> jsonLines(Path file, String role, String node) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode object = json.readTree(line);
            assertTrue(object.isObject(), file + ": not a JSON object: " + line);
            for (String field : List.of("@timestamp", "level", "logger_name", "message", "thread_name")) {
                assertTrue(object.hasNonNull(field), file + ": no " + field + ": " + line);
            }
            assertEquals(role, object.path("role").asText(), file + ": " + line);
            assertEquals(node, object.path("node").asText(), file + ": " + line);
            lines.add(object);
        }
        assertFalse(lines.isEmpty(), file + " is empty");
        return lines;
    }

    private static JsonNode withMessage(List<JsonNode> lines, String start) {
        return lines.stream().filter(line -> line.path("message").asText().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + start + "' in " + lines));
    }

    /** The console has the same JSON lines, and no plain ones. */
    private void assertConsoleIsJson(String console, String role) throws IOException {
        int jsonLines = 0;
        for (String line : console.lines().toList()) {
            assertFalse(PLAIN_LOG_LINE.matcher(line).matches(), role + " console, plain line: " + line);
            if (line.startsWith("{")) {
                assertEquals(role, json.readTree(line).path("role").asText(), line);
                jsonLines++;
            }
        }
        assertTrue(jsonLines > 0, role + " console has no JSON lines: " + console);
    }
}
