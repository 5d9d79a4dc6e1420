package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.common.node.NodePorts;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Cluster Bootstrap with a static list of contact points (compute.discovery.method = config), as
 * bin/master and bin/worker run it: two masters and a worker started at the same moment, none
 * told of a seed, form exactly one cluster. Each node has a loopback address of its own (random
 * per run; all of 127.0.0.0/8 is the loopback interface on Linux), so every node serves its
 * management endpoints on the same fixed port, as contact points expect, without clashing.
 */
class ClusterBootstrapIT {
    private static final Duration START = Duration.ofMinutes(2);
    private static final int MANAGEMENT_PORT = 7626;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void twoMastersAndAWorkerStartedTogetherFormOneCluster() throws Exception {
        List<String> hosts = loopbackAddresses(3);
        String contactPoints = hosts.get(0) + ":" + MANAGEMENT_PORT + "," + hosts.get(1) + ":" + MANAGEMENT_PORT;
        Map<String, String> nodes = new LinkedHashMap<>();
        nodes.put("master-1", hosts.get(0));
        nodes.put("master-2", hosts.get(1));
        nodes.put("worker", hosts.get(2));
        try (Installation installation = new Installation("cluster-bootstrap")) {
            installation.environment("COMPUTE_DISCOVERY", "config")
                    .environment("COMPUTE_CONTACT_POINTS", contactPoints)
                    // Contact points stable for 1 s instead of 5 s before the lowest master forms the cluster.
                    .environment("JAVA_OPTS", "-Xmx512m"
                            + " -Dpekko.management.cluster.bootstrap.contact-point-discovery.stable-margin=1s");
            for (Map.Entry<String, String> node : nodes.entrySet()) {
                installation.environment("COMPUTE_HOST", node.getValue());
                String role = node.getKey().startsWith("master") ? "master" : "worker";
                List<String> args = new ArrayList<>(List.of("--port", "0", "--management-port",
                        String.valueOf(MANAGEMENT_PORT)));
                if (role.equals("master")) {
                    args.addAll(List.of("--http-port", "0"));
                } else {
                    args.addAll(List.of("--workers", "2"));
                }
                installation.start(node.getKey(), role, args.toArray(String[]::new));
            }

            Map<String, String> management = new LinkedHashMap<>();
            for (String name : nodes.keySet()) {
                NodePorts ports = installation.ports(name, bound -> bound.management() != null, "its management port");
                assertEquals("http://" + nodes.get(name) + ":" + MANAGEMENT_PORT, ports.management(), name);
                management.put(name, ports.management());
            }
            // Every node sees the same three members Up, the same leader and the same oldest, a master.
            await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> oneClusterOfThree(installation,
                    management.values()));
            JsonNode view = members(installation, management.get("worker"));
            String oldest = view.path("oldest").asText();
            assertTrue(oldest.contains("@" + hosts.get(0) + ":") || oldest.contains("@" + hosts.get(1) + ":"),
                    "the oldest is a master: " + view);

            long formed = nodes.keySet().stream().filter(name -> installation.outputOf(name)
                    .contains("Up through Cluster Bootstrap (config): formed a new cluster")).count();
            assertEquals(1, formed, "exactly one node formed the cluster");
            String worker = installation.outputOf("worker");
            assertTrue(worker.contains("Discovery: Cluster Bootstrap with config: contact points " + hosts.get(0) + ":"
                    + MANAGEMENT_PORT + ", " + hosts.get(1) + ":" + MANAGEMENT_PORT + ", 2 required"), worker);
            assertTrue(worker.contains("Up through Cluster Bootstrap (config): joined a cluster of"), worker);

            String api = installation.ports("master-2", bound -> bound.http() != null, "its HTTP port").http();
            installation.awaitBody(api + "/cluster", "\"workerActors\":2", START);
            Path out = installation.workDir().resolve("results.tsv");
            assertEquals(0, installation.run("submit", START, "submit", "--api", api, "--range", "1..2000",
                    "--no-progress", "--out", out.toString()), installation.outputOf("submit"));
            List<String> lines = Files.readAllLines(out);
            assertEquals(2000, lines.size());
            assertEquals("2000\t4000000", lines.get(1999));
        }
    }

    /** Whether every node's /cluster/members shows the same three members Up, leader and oldest. */
    private boolean oneClusterOfThree(Installation installation, Iterable<String> managementUrls) throws IOException {
        Set<String> views = new HashSet<>();
        for (String url : managementUrls) {
            JsonNode view = members(installation, url);
            if (view == null) {
                return false;
            }
            Set<String> up = new TreeSet<>();
            for (JsonNode member : view.path("members")) {
                if (member.path("status").asText().equals("Up")) {
                    up.add(member.path("node").asText());
                }
            }
            if (up.size() != 3) {
                return false;
            }
            views.add(up + " leader " + view.path("leader").asText() + " oldest " + view.path("oldest").asText());
        }
        return views.size() == 1;
    }

    private JsonNode members(Installation installation, String managementUrl) throws IOException {
        HttpResponse<String> response = installation.get(managementUrl + "/cluster/members");
        return response == null || response.statusCode() != 200 ? null : json.readTree(response.body());
    }

    /** {@code count} distinct random addresses in 127.0.0.0/8 other than 127.0.0.1. */
    private static List<String> loopbackAddresses(int count) {
        Set<String> addresses = new TreeSet<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (addresses.size() < count) {
            addresses.add("127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255));
        }
        return new ArrayList<>(addresses);
    }
}
