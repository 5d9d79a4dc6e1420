package io.computecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bin/ commands as a user runs them: the demo, and the errors users meet first. */
class CommandsIT {

    @Test
    void demoRunsTheDefaultJobOnTwoWorkersAndStopsEveryJvm() {
        try (Installation installation = new Installation("demo")) {
            Process demo = installation.start("demo", "demo");
            List<ProcessHandle> nodes = awaitChildJvms(demo, 3);
            int exit = waitFor(demo, Duration.ofMinutes(3));
            String output = installation.outputOf("demo");

            assertEquals(0, exit, output);
            assertTrue(output.contains("100,000"), output);
            // The sum of the squares of 1..100000, n(n+1)(2n+1)/6.
            assertTrue(output.contains("333,338,333,350,000"), output);
            for (ProcessHandle node : nodes) {
                assertFalse(node.isAlive(), "demo left a JVM running: " + node.info());
            }
        }
    }

    @Test
    void demoKeptRunningServesTheStatusPageAndMetricsAndStopsEveryJvmOnSigterm() {
        try (Installation installation = new Installation("demo-keep-running")) {
            Process demo = installation.start("demo", "demo", "--range", "1..1000", "--keep-running");
            Pattern running = Pattern.compile("Cluster is running: status page (http://\\S+/) ");
            Matcher printed = org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> running.matcher(installation.outputOf("demo")), matcher -> {
                        assertTrue(demo.isAlive(), "the demo exited: " + installation.outputOf("demo"));
                        return matcher.find();
                    });
            String page = printed.group(1);
            List<ProcessHandle> nodes = awaitChildJvms(demo, 3);
            assertEquals(3, nodes.size(), "a master and two workers: " + nodes);

            HttpResponse<String> status = installation.get(page);
            assertTrue(status != null && status.statusCode() == 200, "GET " + page + ": " + status);
            assertTrue(status.body().contains("<script src=\"app.js\""), status.body());
            HttpResponse<String> metrics = installation.get(page + "metrics");
            assertTrue(metrics != null && metrics.statusCode() == 200, "GET " + page + "metrics: " + metrics);
            assertTrue(metrics.body().contains("compute_jobs_submitted_total 1.0"), metrics.body());

            // What Ctrl-C does in a terminal; a process started in the background of a script ignores
            // SIGINT, so SIGTERM is how a supervisor or script stops it. The demo's shutdown hook stops the nodes.
            demo.destroy();
            int exit = waitFor(demo, Duration.ofMinutes(1));
            assertEquals(143, exit, "killed by SIGTERM: " + installation.outputOf("demo"));
            org.awaitility.Awaitility.await("every node JVM ends").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> nodes.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    void submitWithABadInputFileExitsTwoNamingTheLine() throws IOException {
        try (Installation installation = new Installation("submit-bad-input")) {
            Path input = installation.workDir().resolve("bad-input.txt");
            Files.writeString(input, "1\n\n-2\n12x\n4\n");
            int exit = installation.run("submit", Duration.ofMinutes(2), "submit",
                    "--api", "http://127.0.0.1:" + Installation.portNobodyListensOn(), "--input", input.toString());
            String output = installation.outputOf("submit");

            assertEquals(2, exit, output);
            assertTrue(output.contains("bad-input.txt:4"), "names the file and line 4: " + output);
            assertEquals(1, output.strip().lines().count(), "one line: " + output);
        }
    }

    @Test
    void submitToAMasterThatIsNotThereExitsFour() {
        try (Installation installation = new Installation("submit-unreachable")) {
            int exit = installation.run("submit", Duration.ofMinutes(2), "submit",
                    "--api", "http://127.0.0.1:" + Installation.portNobodyListensOn(), "--range", "1..10");
            String output = installation.outputOf("submit");

            assertEquals(4, exit, output);
            assertTrue(output.contains("unreachable"), output);
        }
    }

    @Test
    void statusOfAMasterThatIsNotThereExitsFourWithOneLine() {
        try (Installation installation = new Installation("status-unreachable")) {
            String api = "http://127.0.0.1:" + Installation.portNobodyListensOn();
            int exit = installation.run("status", Duration.ofMinutes(2), "status", "--api", api);
            String output = installation.outputOf("status");

            assertEquals(4, exit, output);
            assertTrue(output.startsWith("error: master unreachable at " + api), output);
            assertEquals(1, output.strip().lines().count(), "one line: " + output);
        }
    }

    @Test
    void masterWithABadConfigValueExitsTwoNamingTheKey() throws IOException {
        try (Installation installation = new Installation("master-bad-config")) {
            Path config = installation.workDir().resolve("bad-master.conf");
            Files.writeString(config, "include required(\"" + Installation.ROOT.resolve("conf/cluster.conf")
                    + "\")\ncompute.master.http.port = 123456\n");
            int exit = installation.run("master", Duration.ofMinutes(2), "master", "--config", config.toString());
            String output = installation.outputOf("master");

            assertEquals(2, exit, output);
            assertTrue(output.contains("bad-master.conf:2"), output);
            assertTrue(output.contains("compute.master.http.port"), output);
        }
    }

    /** The JVMs the demo starts: its children once there are {@code count}, with the demo's own. */
    private static List<ProcessHandle> awaitChildJvms(Process demo, int count) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> demo.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList(),
                        jvms -> jvms.size() >= count || !demo.isAlive());
    }

    private static int waitFor(Process process, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not end within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
