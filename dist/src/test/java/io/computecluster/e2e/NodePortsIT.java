package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.common.cli.Version;
import io.computecluster.common.node.NodePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ports that are bound before they are named, as a user meets them with bin/master and bin/worker:
 * a master given only a port forms a working cluster; a second master on the host needs only its
 * ports and a seed (the management port it never chose does not stop it); a node that no seed lets
 * join says so in one line; and every command prints its version. What each node bound is read
 * from its ports file, as scripts do.
 */
class NodePortsIT {
    private static final Duration START = Duration.ofMinutes(2);
    private final ObjectMapper json = new ObjectMapper();

    /** bin/master --port N alone (no --seed, N not 25520) used to wait forever for a seed on 25520. */
    @Test
    void aMasterGivenOnlyItsPortFormsAWorkingCluster() throws Exception {
        try (Installation installation = new Installation("ports-lone-master")) {
            // The HTTP port too, as 0: this machine's 8080 may be anyone's. No --seed, no management port.
            installation.start("master", "master", "--port", "0", "--http-port", "0");
            NodePorts master = installation.ports("master", ports -> ports.cluster() != null && ports.http() != null,
                    "its cluster and HTTP ports");
            assertNotEquals("127.0.0.1:25520", master.cluster());

            installation.awaitBody(master.http() + "/health", "\"status\":\"UP\"", START);
            String log = installation.outputOf("master");
            assertTrue(log.contains("Cluster port bound: " + master.cluster()), log);
            assertTrue(log.contains("No seed nodes given: joining the master at 127.0.0.1:25520 if it answers"), log);

            installation.start("worker", "worker", "--seed", master.cluster(), "--workers", "2");
            installation.awaitBody(master.http() + "/cluster", "\"workerActors\":2", START);
            Path out = installation.workDir().resolve("results.tsv");
            assertEquals(0, installation.run("submit", START, "submit", "--api", master.http(), "--range", "1..20000",
                    "--no-progress", "--out", out.toString()), installation.outputOf("submit"));
            List<String> lines = Files.readAllLines(out);
            assertEquals(20_000, lines.size());
            assertEquals("20000\t400000000", lines.get(19_999));
            assertFalse(installation.outputOf("master").contains("Not in a cluster yet"), "it never waited on a seed");
        }
    }

    /** A second master used to die at start: the management port 7626 was taken by the first. */
    @Test
    void aSecondMasterOnTheHostNeedsOnlyItsPortsAndASeed() throws Exception {
        try (Installation installation = new Installation("ports-second-master")) {
            // Both with the conf's management port, 7626: the first takes it (when this machine has it free).
            installation.start("master-1", "master", "--port", "0", "--http-port", "0", "--seed", "self");
            NodePorts first = installation.ports("master-1", ports -> ports.http() != null && ports.management() != null,
                    "its HTTP and management ports");
            installation.start("master-2", "master", "--port", "0", "--http-port", "0", "--seed", first.cluster());

            NodePorts second = installation.ports("master-2", ports -> ports.http() != null && ports.management() != null,
                    "its HTTP and management ports");
            assertNotEquals(first.management(), second.management());
            if (URI.create(first.management()).getPort() == 7626) {
                assertTrue(installation.outputOf("master-2").contains("Management port 7626 (the conf's) is taken by"
                        + " another process: serving the management endpoints on a free port instead"),
                        installation.outputOf("master-2"));
            }
            // One cluster of two masters: the second is a standby, its API and health checks answer.
            await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> masters(installation, first.http()) == 2);
            installation.awaitBody(second.http() + "/health", "\"status\":\"UP\"", START);
            assertEquals(200, installation.get(second.management() + "/ready").statusCode());
            assertTrue(installation.node("master-2").isAlive());
        }
    }

    /** A node that no seed lets join said nothing but Pekko's per-attempt warnings. */
    @Test
    void aNodeThatNoSeedLetsJoinSaysSoInOneLine() throws Exception {
        try (Installation installation = new Installation("ports-no-seed")) {
            String nobody = "127.0.0.1:" + Installation.portNobodyListensOn();
            Process worker = installation.start("worker", "worker", "--seed", nobody, "--workers", "1");
            installation.ports("worker", ports -> ports.cluster() != null, "its cluster port");

            String expected = "Not in a cluster yet: the seed node " + nobody + " has not let this node join since ";
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> installation.outputOf("worker").contains(expected));
            String line = installation.outputOf("worker").lines().filter(l -> l.contains(expected)).findFirst()
                    .orElseThrow();
            assertTrue(line.contains(" WARN ") && line.contains("Check that a master runs at that address"), line);
            assertEquals(1, installation.outputOf("worker").lines().filter(l -> l.contains(expected)).count(),
                    "one line, not one per attempt");
            worker.destroy();
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops it");
        }
    }

    @Test
    void everyCommandPrintsItsVersion() throws Exception {
        try (Installation installation = new Installation("ports-version")) {
            for (String command : List.of("master", "worker", "submit", "status", "demo", "gen-certs",
                    "../bench/run", "../bench/durability")) {
                String name = "version-" + Path.of(command).getFileName();
                Process process = installation.startCommand(name, command, "--version");
                assertTrue(process.waitFor(2, TimeUnit.MINUTES), command + " --version ends");
                assertEquals(0, process.exitValue(), command + ": " + installation.outputOf(name));
                assertEquals(Version.text(), installation.outputOf(name).strip(), command);
            }
        }
    }

    /** How many members with role master are Up, as the API at {@code api} sees them. */
    private int masters(Installation installation, String api) throws IOException {
        var response = installation.get(api + "/cluster");
        if (response == null || response.statusCode() != 200) {
            return 0;
        }
        int masters = 0;
        for (JsonNode member : json.readTree(response.body()).path("members")) {
            boolean master = false;
            for (JsonNode role : member.path("roles")) {
                master |= role.asText().equals("master");
            }
            if (master && member.path("status").asText().equals("Up")) {
                masters++;
            }
        }
        return masters;
    }
}
