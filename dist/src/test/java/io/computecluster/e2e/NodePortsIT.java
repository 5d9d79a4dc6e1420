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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ports that are bound before they are named, as a user meets them with bin/master and bin/worker:
 * a master given only a port forms a working cluster, whatever variables without the COMPUTE_
 * prefix its environment holds, with a worker that binds another address than it advertises; a second master on the host needs only its
 * ports and a seed (the management port it never chose does not stop it); a node that no seed lets
 * join says so in one line; and every command prints its version. What each node bound is read
 * from its ports file, as scripts do.
 */
class NodePortsIT {
    private static final Duration START = Duration.ofMinutes(2);
    private final ObjectMapper json = new ObjectMapper();

    /**
     * The variables Kubernetes sets in every pod for Services named master, master-http, worker and
     * management ({@code <NAME>_PORT=tcp://...} and the rest), and the names nodes read before the
     * {@code COMPUTE_} prefix, each set to a value that would stop a node or show if it were read.
     */
    private static Map<String, String> foreignVariables(Path workDir) {
        Map<String, String> variables = new LinkedHashMap<>();
        String[][] services = {{"MASTER", "10.0.0.1", "25520"}, {"MASTER_HTTP", "10.0.0.2", "8080"},
            {"WORKER", "10.0.0.3", "25520"}, {"MANAGEMENT", "10.0.0.4", "7626"}};
        for (String[] service : services) {
            String name = service[0];
            String host = service[1];
            String port = service[2];
            variables.put(name + "_SERVICE_HOST", host);
            variables.put(name + "_SERVICE_PORT", port);
            variables.put(name + "_PORT", "tcp://" + host + ":" + port);
            variables.put(name + "_PORT_" + port + "_TCP", "tcp://" + host + ":" + port);
            variables.put(name + "_PORT_" + port + "_TCP_PROTO", "tcp");
            variables.put(name + "_PORT_" + port + "_TCP_PORT", port);
            variables.put(name + "_PORT_" + port + "_TCP_ADDR", host);
        }
        String nowhere = "10.255.255.1";
        variables.put("CLUSTER_NAME", "another-cluster");
        variables.put("NODE_HOST", nowhere);
        variables.put("SEED_NODES", nowhere + ":1");
        variables.put("LOG_DIR", workDir.resolve("old-logs").toString());
        variables.put("LOG_FORMAT", "json");
        variables.put("STORE_KIND", "postgresql");
        variables.put("DATA_DIR", workDir.resolve("old-data").toString());
        variables.put("POSTGRES_URL", "jdbc:postgresql://" + nowhere + ":1/compute");
        variables.put("POSTGRES_USER", "nobody");
        variables.put("POSTGRES_PASSWORD_FILE", workDir.resolve("no-such-password").toString());
        variables.put("TLS_DIR", workDir.resolve("no-such-tls").toString());
        variables.put("MASTER_HTTP_HOST", nowhere);
        variables.put("MASTER_HTTPS_KEY_STORE", workDir.resolve("no-such.p12").toString());
        variables.put("MASTER_HTTPS_KEY_STORE_PASSWORD_FILE", workDir.resolve("no-such.password").toString());
        variables.put("API_TOKEN_FILE", workDir.resolve("no-such-token").toString());
        variables.put("WORKERS", "7");
        return variables;
    }

    /**
     * bin/master given only its port (here COMPUTE_PORT=0; --port N alike, no seeds, N not 25520)
     * used to wait forever for a seed on 25520. Its nodes run in the environment of a Kubernetes
     * pod, with the names nodes read before the COMPUTE_ prefix set to wrong values: they change
     * nothing. The worker advertises localhost and binds 127.0.0.1: it is a member at localhost.
     */
    @Test
    void aMasterGivenOnlyItsPortFormsAWorkingCluster() throws Exception {
        try (Installation installation = new Installation("ports-lone-master")) {
            foreignVariables(installation.workDir()).forEach(installation::environment);
            // The HTTP port too, as 0: this machine's 8080 may be anyone's. No --seed, no management port.
            installation.environment("COMPUTE_PORT", "0").environment("COMPUTE_HTTP_PORT", "0")
                    .environment("COMPUTE_WORKERS", "2");
            installation.start("master", "master");
            NodePorts master = installation.ports("master", ports -> ports.cluster() != null && ports.http() != null,
                    "its cluster and HTTP ports");
            assertNotEquals("127.0.0.1:25520", master.cluster());
            assertTrue(master.cluster().startsWith("127.0.0.1:"), master.cluster());

            installation.awaitBody(master.http() + "/health", "\"status\":\"UP\"", START);
            String log = installation.outputOf("master");
            assertTrue(log.contains("Cluster port bound: " + master.cluster() + " (pekko://compute-cluster@"), log);
            assertTrue(log.contains("No seed nodes given: joining the master at 127.0.0.1:25520 if it answers"), log);

            installation.start("worker", "worker", "--seed", master.cluster(), "--host", "localhost",
                    "--bind-host", "127.0.0.1");
            installation.awaitBody(master.http() + "/cluster", "\"workerActors\":2", START);
            Path out = installation.workDir().resolve("results.tsv");
            assertEquals(0, installation.run("submit", START, "submit", "--api", master.http(), "--range", "1..20000",
                    "--no-progress", "--out", out.toString()), installation.outputOf("submit"));
            List<String> lines = Files.readAllLines(out);
            assertEquals(20_000, lines.size());
            assertEquals("20000\t400000000", lines.get(19_999));
            assertFalse(installation.outputOf("master").contains("Not in a cluster yet"), "it never waited on a seed");

            NodePorts worker = installation.ports("worker", ports -> ports.cluster() != null, "its cluster port");
            int workerPort = worker.clusterPort().orElseThrow();
            assertEquals("localhost:" + workerPort, worker.cluster());
            JsonNode member = member(installation, master.http(), "worker");
            assertEquals("pekko://compute-cluster@localhost:" + workerPort, member.path("address").asText(),
                    member.toString());
            assertEquals("localhost", member.path("host").asText());
            assertTrue(installation.outputOf("worker").contains("Cluster port bound: localhost:" + workerPort
                    + " (pekko://compute-cluster@localhost:" + workerPort + "; bound at 127.0.0.1:" + workerPort + ")"),
                    installation.outputOf("worker"));
            for (String name : List.of("master", "worker")) {
                assertTrue(Path.of(installation.ports(name, ports -> ports.logFile() != null, "its log file").logFile())
                        .startsWith(installation.logDir()), name + " logs to COMPUTE_LOG_DIR");
            }
            assertFalse(Files.exists(installation.workDir().resolve("old-logs")), "LOG_DIR is not read");
            assertFalse(Files.exists(installation.workDir().resolve("old-data")), "DATA_DIR is not read");
            assertTrue(Files.exists(installation.dataDir()), "COMPUTE_DATA_DIR is");
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

    /** The member of the cluster that the API at {@code api} shows with {@code role}. */
    private JsonNode member(Installation installation, String api, String role) throws IOException {
        var response = installation.get(api + "/cluster");
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode member : json.readTree(response.body()).path("members")) {
            for (JsonNode memberRole : member.path("roles")) {
                if (memberRole.asText().equals(role)) {
                    return member;
                }
            }
        }
        throw new AssertionError("no member with role " + role + ": " + response.body());
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
