package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bin/compute's verbs as a user runs them, against one real master and one worker: submit
 * --detach, status, results, jobs, functions, cluster, cancel, --json, and Ctrl-C on a waiting
 * submit cancelling its job.
 */
class ComputeCommandsIT {
    /** A job that runs far longer than the test: it is only ever cancelled. */
    private static final String LONG_RANGE = "1..500000000";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theVerbsAgainstAMasterAndAWorker() throws Exception {
        try (Installation installation = new Installation("compute-verbs")) {
            Installation.StartedMaster master = installation.startMaster();
            String api = master.api();
            installation.start("worker", "worker", "--seed", master.seed(), "--workers", "2");
            installation.awaitBody(api + "/cluster", "\"workerActors\":2", Duration.ofMinutes(2));

            String id = compute(installation, "submit-detach", "submit", "--api", api, "--range", "1..1000",
                    "--detach").strip();
            assertTrue(id.matches("j-\\S+"), "the job id alone: " + id);

            // Commands that only read run side by side: each is a JVM of its own.
            Path results = installation.workDir().resolve("squares.jsonl");
            Commands read = new Commands(installation)
                    .start("status-json", "status", id, "--api", api, "--wait", "30s", "--json")
                    .start("functions-json", "functions", "--api", api, "--json")
                    .start("cluster", "cluster", "--api", api);
            JsonNode status = json(read.output("status-json"));
            assertEquals("SUCCEEDED", status.get("state").asText(), status.toString());
            assertEquals(1000, status.get("total").asLong());
            JsonNode functions = json(read.output("functions-json"));
            assertTrue(functions.get("functions").findValuesAsText("name").contains("square"), functions.toString());
            assertTrue(read.output("cluster").startsWith("Members (2)"), read.output("cluster"));

            Commands ended = new Commands(installation)
                    .start("results", "results", id, "--api", api, "--format", "jsonl", "--out", results.toString())
                    .start("jobs-json", "jobs", "--api", api, "--json")
                    .start("status", "status", id, "--api", api);
            assertEquals("", ended.output("results"));
            List<String> lines = Files.readAllLines(results);
            assertEquals(1000, lines.size());
            assertEquals("1000000", json.readTree(lines.get(999)).get("result").asText(), lines.get(999));
            assertEquals(id, json(ended.output("jobs-json")).get("jobs").get(0).get("id").asText());
            assertTrue(ended.output("status").contains(id + "  SUCCEEDED"), ended.output("status"));

            String running = compute(installation, "submit-long", "submit", "--api", api, "--range", LONG_RANGE,
                    "--detach").strip();
            String cancel = compute(installation, "cancel", "cancel", running, "--api", api);
            assertTrue(cancel.contains(running + "  CANCELLED"), cancel);

            String interrupted = interruptedSubmit(installation, api);
            Commands after = new Commands(installation)
                    .start("status-cancelled", "status", interrupted, "--api", api, "--json")
                    .startExpecting(2, "status-unknown", "status", "j-nope", "--api", api);
            JsonNode cancelled = json(after.output("status-cancelled"));
            assertEquals("CANCELLED", cancelled.get("state").asText(), cancelled.toString());
            assertEquals("error: no job j-nope at " + api + " (bin/compute jobs lists the jobs the master knows)",
                    after.output("status-unknown").strip());
        }
    }

    /**
     * Starts a submit that waits for a long job, sends it SIGINT (Ctrl-C) once the job runs and the
     * submit shows its progress, and returns the job's id. Started with SIGINT at its default: a test run in the background of a
     * shell inherits it ignored, and a JVM leaves an ignored SIGINT ignored.
     */
    private String interruptedSubmit(Installation installation, String api) throws Exception {
        List<String> line = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
            line.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
        }
        line.addAll(List.of(Installation.ROOT.resolve("bin/compute").toString(), "submit", "--api", api,
                "--range", LONG_RANGE));
        Path output = installation.output("submit-interrupted");
        Process submit = new ProcessBuilder(line).directory(Installation.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            String id = await().atMost(COMMAND_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> newestRunningJob(installation, api), found -> found != null);
            // The job runs before the submit has read the master's answer; its first progress line says it has.
            await().atMost(COMMAND_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(output).contains("job " + id + ": "));
            new ProcessBuilder("kill", "-INT", Long.toString(submit.pid())).inheritIO().start().waitFor();
            assertTrue(submit.waitFor(30, TimeUnit.SECONDS), "submit ends on SIGINT: " + Files.readString(output));
            String said = Files.readString(output);
            assertEquals(130, submit.exitValue(), said);
            assertTrue(said.contains("interrupted: cancelled job " + id + " (--keep-on-interrupt leaves it running)"),
                    said);
            return id;
        } finally {
            submit.destroyForcibly();
        }
    }

    /** The newest job once it runs and has results (so the submit has its answer), else null. */
    private String newestRunningJob(Installation installation, String api) throws IOException {
        HttpResponse<String> response = installation.get(api + "/jobs");
        if (response == null || response.statusCode() != 200) {
            return null;
        }
        JsonNode newest = json.readTree(response.body()).get("jobs").get(0);
        return newest != null && newest.get("state").asText().equals("RUNNING") && newest.get("completed").asLong() > 0
                ? newest.get("id").asText() : null;
    }

    /** bin/compute commands started together; each is expected to exit with its code. */
    private static final class Commands {
        private final Installation installation;
        private final Map<String, Process> started = new LinkedHashMap<>();
        private final Map<String, Integer> expected = new HashMap<>();

        Commands(Installation installation) {
            this.installation = installation;
        }

        Commands start(String name, String... args) {
            return startExpecting(0, name, args);
        }

        Commands startExpecting(int exit, String name, String... args) {
            started.put(name, installation.start(name, "compute", args));
            expected.put(name, exit);
            return this;
        }

        /** The output of the command started as {@code name}, once it has exited as expected. */
        String output(String name) throws InterruptedException {
            Process process = started.get(name);
            assertTrue(process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), name + " ran too long");
            String output = installation.outputOf(name);
            assertEquals(expected.get(name), process.exitValue(), name + ": " + output);
            return output;
        }
    }

    /** Runs {@code bin/compute args...}, expects exit 0 and returns its output (stdout and stderr). */
    private static String compute(Installation installation, String name, String... args) {
        int exit = installation.run(name, COMMAND_TIMEOUT, "compute", args);
        String output = installation.outputOf(name);
        assertEquals(0, exit, "bin/compute " + String.join(" ", args) + ": " + output);
        return output;
    }

    /** One JSON document, alone on stdout and stderr. */
    private JsonNode json(String output) throws IOException {
        assertEquals(1, output.strip().lines().count(), "one line of JSON: " + output);
        return json.readTree(output);
    }
}
