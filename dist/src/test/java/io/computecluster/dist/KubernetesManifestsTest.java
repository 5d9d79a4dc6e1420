package io.computecluster.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes read as Kubernetes would, checked against what the nodes read and serve: the
 * ports of the conf files, the management routes, the environment variables the conf files name,
 * the bin/ scripts, and what Cluster Bootstrap's discovery needs (pods it may list, labels and
 * Service it looks for).
 */
class KubernetesManifestsTest {
    private static final Path ROOT = Path.of(System.getProperty("compute.home", "..")).toAbsolutePath().normalize();
    private static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");
    private static final String INSTALLED = "/opt/compute-cluster/";
    private static final Pattern ENV_READ = Pattern.compile("\\$\\{\\?([A-Z0-9_]+)}");
    private static final Pattern READ_ELSEWHERE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)[:}]");
    private static final Pattern HEAP = Pattern.compile("-Xmx(\\d+)([mg])");
    private static final Map<String, Integer> PORTS = Map.of("cluster", 25520, "http", 8080, "management", 7626);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, List<JsonNode>> documents = new HashMap<>();
    private static final List<JsonNode> all = new ArrayList<>();

    @BeforeAll
    static void parseEveryDocument() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                List<JsonNode> parsed = new ArrayList<>();
                try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                            parsed.add(doc);
                        }
                    }
                }
                documents.put(file.getFileName().toString(), parsed);
                all.addAll(parsed);
            }
        }
    }

    @Test
    void everyDocumentParsesAndKustomizationListsEveryManifestButTheCertManagerExample() {
        assertTrue(documents.size() >= 7, documents.keySet().toString());
        for (Map.Entry<String, List<JsonNode>> file : documents.entrySet()) {
            assertFalse(file.getValue().isEmpty(), file.getKey() + " has no document");
            for (JsonNode doc : file.getValue()) {
                assertFalse(doc.path("apiVersion").asText().isEmpty(), file.getKey() + ": " + doc);
                assertFalse(doc.path("kind").asText().isEmpty(), file.getKey() + ": " + doc);
                if (!doc.path("kind").asText().equals("Kustomization")) {
                    assertFalse(doc.path("metadata").path("name").asText().isEmpty(), file.getKey() + ": " + doc);
                }
            }
        }
        Set<String> resources = new HashSet<>();
        one("Kustomization").path("resources").forEach(resource -> resources.add(resource.asText()));
        Set<String> expected = new HashSet<>(documents.keySet());
        expected.removeAll(Set.of("kustomization.yaml", "cert-manager.yaml"));
        assertEquals(expected, resources);
    }

    @Test
    void containerPortsAreTheConfFilesPorts() {
        Config master = conf("master.conf");
        assertEquals(PORTS.get("cluster"), master.getInt("compute.port"));
        assertEquals(PORTS.get("http"), master.getInt("compute.master.http.port"));
        assertEquals(PORTS.get("management"), master.getInt("compute.management.port"));
        for (JsonNode container : nodeContainers()) {
            Set<String> names = new HashSet<>();
            for (JsonNode port : container.path("ports")) {
                String name = port.path("name").asText();
                assertEquals(PORTS.get(name), port.path("containerPort").asInt(), container.path("name") + ": " + port);
                names.add(name);
            }
            assertTrue(names.containsAll(Set.of("cluster", "management")), container.path("name") + ": " + names);
            Map<String, String> env = env(container);
            // Set to the ports the containers declare: the worker's conf takes free ports (0) otherwise.
            assertEquals(String.valueOf(PORTS.get("cluster")), env.get("COMPUTE_PORT"), container.path("name").asText());
            assertEquals(String.valueOf(PORTS.get("management")), env.get("COMPUTE_MANAGEMENT_PORT"),
                    container.path("name").asText());
            if (names.contains("http")) {
                assertEquals(String.valueOf(PORTS.get("http")), env.get("COMPUTE_HTTP_PORT"));
            }
        }
    }

    @Test
    void probesAskTheManagementRoutesTheNodesServe() {
        Config pekko = ConfigFactory.defaultReference();
        String ready = "/" + pekko.getString("pekko.management.health-checks.readiness-path");
        String alive = "/" + pekko.getString("pekko.management.health-checks.liveness-path");
        for (JsonNode container : nodeContainers()) {
            assertEquals(ready, container.path("readinessProbe").path("httpGet").path("path").asText());
            assertEquals(alive, container.path("livenessProbe").path("httpGet").path("path").asText());
            assertEquals("management", container.path("readinessProbe").path("httpGet").path("port").asText());
            assertEquals("management", container.path("livenessProbe").path("httpGet").path("port").asText());
        }
    }

    @Test
    void everyVariableTheManifestsSetIsOneTheConfFilesRead() throws IOException {
        Set<String> read = new HashSet<>();
        try (Stream<Path> confs = Files.list(ROOT.resolve("conf"))) {
            for (Path conf : confs.filter(path -> path.toString().endsWith(".conf")).toList()) {
                Matcher matcher = ENV_READ.matcher(Files.readString(conf));
                while (matcher.find()) {
                    read.add(matcher.group(1));
                }
            }
        }
        // Read outside the conf files: JAVA_OPTS by bin/, and whatever logback.xml reads (${NAME:-default}).
        for (Path other : List.of(ROOT.resolve("bin/lib/launch.sh"), ROOT.resolve("conf/logback.xml"))) {
            Matcher matcher = READ_ELSEWHERE.matcher(Files.readString(other));
            while (matcher.find()) {
                read.add(matcher.group(1));
            }
        }
        assertTrue(read.contains("JAVA_OPTS"), read.toString());
        List<String> unread = new ArrayList<>();
        for (JsonNode container : nodeContainers()) {
            for (String name : env(container).keySet()) {
                if (!read.contains(name)) {
                    unread.add(container.path("name").asText() + ": " + name);
                }
            }
        }
        assertEquals(List.of(), unread, "set by the manifests, read by no conf file");
    }

    @Test
    void everyPodSpecHasNoServiceLinks() {
        int pods = 0;
        for (JsonNode doc : all) {
            JsonNode spec = doc.path("spec").path("template").path("spec");
            if (!spec.isMissingNode()) {
                pods++;
                assertTrue(spec.path("enableServiceLinks").isBoolean() && !spec.path("enableServiceLinks").asBoolean(),
                        doc.path("metadata").path("name").asText());
            }
        }
        assertEquals(3, pods, "masters, workers and postgres");
    }

    @Test
    void commandsAreBinScriptsOfTheRelease() {
        for (JsonNode container : nodeContainers()) {
            String command = container.path("command").get(0).asText();
            assertTrue(command.startsWith(INSTALLED + "bin/"), command);
            Path script = ROOT.resolve(command.substring(INSTALLED.length()));
            assertTrue(Files.isRegularFile(script) && Files.isExecutable(script), script.toString());
        }
    }

    @Test
    void theNodesMayListPodsForKubernetesApiDiscovery() {
        JsonNode role = one("Role");
        boolean listsPods = false;
        for (JsonNode rule : role.path("rules")) {
            Set<String> verbs = texts(rule.path("verbs"));
            listsPods |= texts(rule.path("apiGroups")).contains("") && texts(rule.path("resources")).contains("pods")
                    && verbs.containsAll(Set.of("get", "watch", "list"));
        }
        assertTrue(listsPods, role.toString());
        JsonNode binding = one("RoleBinding");
        assertEquals(role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
        String account = one("ServiceAccount").path("metadata").path("name").asText();
        assertEquals(account, binding.path("subjects").get(0).path("name").asText());
        for (JsonNode workload : nodeWorkloads()) {
            assertEquals(account, workload.path("spec").path("template").path("spec").path("serviceAccountName").asText());
        }
    }

    @Test
    void bootstrapFindsTheMastersByTheirLabelsAndTheirHeadlessService() {
        JsonNode masters = workload("StatefulSet", "compute-master");
        JsonNode masterLabels = masters.path("spec").path("template").path("metadata").path("labels");
        JsonNode headless = null;
        for (JsonNode service : kind("Service")) {
            if (service.path("spec").path("clusterIP").asText().equals("None")
                    && service.path("metadata").path("name").asText().equals(masters.path("spec").path("serviceName").asText())) {
                headless = service;
            }
        }
        assertNotNull(headless, "the masters' StatefulSet names a headless Service");
        assertTrue(headless.path("spec").path("publishNotReadyAddresses").asBoolean(), "not-ready masters are listed");
        assertTrue(selects(headless.path("spec").path("selector"), masterLabels), headless.toString());
        assertTrue(texts(headless.path("spec").path("ports").findValues("name").stream().toList()).contains("management"));

        String selector = conf("master.conf").getString("compute.discovery.pod-label-selector");
        for (JsonNode workload : nodeWorkloads()) {
            JsonNode container = workload.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> env = env(container);
            String method = env.get("COMPUTE_DISCOVERY");
            assertTrue(Set.of("kubernetes-api", "dns").contains(method), workload.path("metadata").path("name") + ": " + method);
            String serviceName = env.get("COMPUTE_SERVICE_NAME");
            // kubernetes-api: the selector with the service name selects the masters' pods, and only those.
            Map<String, String> wanted = labels(env.getOrDefault("COMPUTE_POD_LABEL_SELECTOR", selector)
                    .replace("%s", serviceName));
            assertTrue(selects(YAML.valueToTree(wanted), masterLabels), wanted + " selects " + masterLabels);
            JsonNode workerLabels = workload("Deployment", "compute-worker").path("spec").path("template")
                    .path("metadata").path("labels");
            assertFalse(selects(YAML.valueToTree(wanted), workerLabels), wanted + " selects the workers too");
            // dns: the headless Service's name.
            assertEquals(headless.path("metadata").path("name").asText(), serviceName);
        }
    }

    @Test
    void shutdownHeapAndScrapingFitTheNodes() {
        Config cluster = conf("cluster.conf");
        Duration shutdown = Duration.ZERO;
        for (var phase : cluster.getConfig("pekko.coordinated-shutdown.phases").root().keySet()) {
            shutdown = shutdown.plus(cluster.getDuration("pekko.coordinated-shutdown.phases.\"" + phase + "\".timeout"));
        }
        for (JsonNode workload : nodeWorkloads()) {
            String name = workload.path("metadata").path("name").asText();
            JsonNode pod = workload.path("spec").path("template");
            long grace = pod.path("spec").path("terminationGracePeriodSeconds").asLong();
            assertTrue(grace > shutdown.toSeconds(), name + ": " + grace + " s, the conf's phases " + shutdown);

            JsonNode container = pod.path("spec").path("containers").get(0);
            Matcher heap = HEAP.matcher(env(container).get("JAVA_OPTS"));
            assertTrue(heap.find(), name);
            long heapMi = Long.parseLong(heap.group(1)) * (heap.group(2).equals("g") ? 1024 : 1);
            String limit = container.path("resources").path("limits").path("memory").asText();
            long limitMi = limit.endsWith("Gi") ? Long.parseLong(limit.replace("Gi", "")) * 1024
                    : Long.parseLong(limit.replace("Mi", ""));
            assertTrue(heapMi * 4 <= limitMi * 3, name + ": heap " + heapMi + " Mi leaves too little of " + limit);
            assertTrue(container.path("resources").path("requests").has("cpu"), name);

            JsonNode annotations = pod.path("metadata").path("annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText(), name);
            assertEquals("/metrics", annotations.path("prometheus.io/path").asText(), name);
            String scraped = name.contains("master") ? "http" : "management";
            assertEquals(String.valueOf(PORTS.get(scraped)), annotations.path("prometheus.io/port").asText(), name);
        }
    }

    @Test
    void filesTheNodesReadAreMountedFromSecrets() {
        for (JsonNode workload : nodeWorkloads()) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            Map<String, String> env = env(container);
            assertEquals("/etc/compute/tls", env.get("COMPUTE_TLS_DIR"));
            assertEquals("off", env.get("COMPUTE_LOG_FILES"));
            assertEquals("status.podIP", container.path("env").findValue("fieldRef").path("fieldPath").asText());
            Map<String, String> secretMounts = new HashMap<>();
            for (JsonNode mount : container.path("volumeMounts")) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").equals(mount.path("name")) && volume.has("secret")) {
                        secretMounts.put(mount.path("mountPath").asText(), volume.path("secret").path("secretName").asText());
                    }
                }
            }
            assertEquals("compute-cluster-tls", secretMounts.get("/etc/compute/tls"));
            String password = env.get("COMPUTE_POSTGRES_PASSWORD_FILE");
            if (password != null) {
                assertEquals("postgresql", env.get("COMPUTE_STORE_KIND"));
                assertTrue(secretMounts.containsKey(Path.of(password).getParent().toString()), password);
            }
        }
    }

    private static Config conf(String name) {
        return ConfigFactory.parseFile(ROOT.resolve("conf").resolve(name).toFile())
                .withFallback(ConfigFactory.parseFile(ROOT.resolve("conf/cluster.conf").toFile()))
                .resolve();
    }

    private static List<JsonNode> kind(String kind) {
        return all.stream().filter(doc -> doc.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode one(String kind) {
        List<JsonNode> found = kind(kind);
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    private static JsonNode workload(String kind, String name) {
        return kind(kind).stream().filter(doc -> doc.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** The masters' and workers' workloads: those whose container runs a bin/ script of the release. */
    private static List<JsonNode> nodeWorkloads() {
        List<JsonNode> workloads = all.stream().filter(doc -> doc.path("spec").path("template").path("spec")
                .path("containers").findValues("command").stream()
                .anyMatch(command -> command.get(0).asText().startsWith(INSTALLED))).toList();
        assertEquals(2, workloads.size());
        return workloads;
    }

    private static List<JsonNode> nodeContainers() {
        return nodeWorkloads().stream().map(doc -> doc.path("spec").path("template").path("spec").path("containers")
                .get(0)).toList();
    }

    /** A container's environment: values, or the field a value comes from. */
    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode variable : container.path("env")) {
            env.put(variable.path("name").asText(), variable.has("value") ? variable.path("value").asText()
                    : variable.path("valueFrom").toString());
        }
        return env;
    }

    private static Map<String, String> labels(String selector) {
        Map<String, String> labels = new HashMap<>();
        for (String term : selector.split(",")) {
            String[] pair = term.trim().split("=", 2);
            labels.put(pair[0], pair[1]);
        }
        return labels;
    }

    /** Whether a selector's labels ({@code matchLabels} form) all are among {@code labels}. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        var fields = selector.fields();
        boolean any = false;
        while (fields.hasNext()) {
            var field = fields.next();
            any = true;
            if (!labels.path(field.getKey()).asText().equals(field.getValue().asText())) {
                return false;
            }
        }
        return any;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Set<String> texts(List<JsonNode> nodes) {
        Set<String> texts = new HashSet<>();
        nodes.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
