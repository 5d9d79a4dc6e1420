package io.computecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    void submitWithABadInputFileExitsTwoNamingTheLine() throws IOException {
        try (Installation installation = new Installation("submit-bad-input")) {
            Path input = installation.workDir().resolve("bad-input.txt");
            Files.writeString(input, "1\n\n-2\n12x\n4\n");
            int exit = installation.run("submit", Duration.ofMinutes(2), "submit",
                    "--api", "http://127.0.0.1:" + Installation.freePort(), "--input", input.toString());
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
                    "--api", "http://127.0.0.1:" + Installation.freePort(), "--range", "1..10");
            String output = installation.outputOf("submit");

            assertEquals(4, exit, output);
            assertTrue(output.contains("unreachable"), output);
        }
    }

    @Test
    void statusOfAMasterThatIsNotThereExitsFourWithOneLine() {
        try (Installation installation = new Installation("status-unreachable")) {
            String api = "http://127.0.0.1:" + Installation.freePort();
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
