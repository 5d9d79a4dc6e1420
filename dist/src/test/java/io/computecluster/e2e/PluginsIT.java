package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computecluster.e2e.plugins.JacksonVersion;
import io.computecluster.e2e.plugins.Nap;
import io.computecluster.e2e.plugins.PluginJar;
import io.computecluster.e2e.plugins.Sleep;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users' functions deployed as they would deploy them: plug-in jars in a worker's plug-in folder,
 * nodes started through {@code bin/}, jobs through the HTTP API. The example plug-in's results are
 * checked without it (each digest recomputed, each factorisation multiplied back and its factors
 * tested for primality, each distance recomputed); a worker node without plug-ins gets none of
 * their chunks and goes on with squares.
 */
class PluginsIT {
    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration JOB = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Installation installation;
    private static String api;
    private static String seed;
    private static String pluginNode;
    private static String plainNode;

    @BeforeAll
    static void startCluster() throws Exception {
        installation = new Installation("plugins");
        Path plugins = installation.workDir().resolve("plugins");
        Installation.deleteRecursively(plugins);
        Files.createDirectories(plugins);
        Path examples = Path.of(System.getProperty("examples.jar"));
        assertTrue(Files.isRegularFile(examples), examples + " is built before the end-to-end tests");
        Files.copy(examples, plugins.resolve(examples.getFileName()));
        PluginJar.write(plugins.resolve("test-functions.jar"), "3.1.4", List.of(Sleep.class), List.of());
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("other-jackson.dir")))) {
            PluginJar.write(plugins.resolve("own-jackson.jar"), "1.0.0", List.of(JacksonVersion.class),
                    jars.filter(jar -> jar.toString().endsWith(".jar")).toList());
        }
        Installation.StartedMaster master = installation.startMaster();
        api = master.api();
        seed = master.seed();
        installation.start("with-plugins", "worker", "--seed", seed, "--workers", "2", "--plugins", plugins.toString());
        installation.start("plain", "worker", "--seed", seed, "--workers", "2");
        installation.awaitBody(api + "/cluster", "\"workerActors\":4", START);
        pluginNode = installation.ports("with-plugins", ports -> ports.cluster() != null, "its cluster port").cluster();
        plainNode = installation.ports("plain", ports -> ports.cluster() != null, "its cluster port").cluster();
        installation.awaitBody(api + "/functions", "\"sha256\"", START);
    }

    @AfterAll
    static void stopCluster() {
        if (installation != null) {
            installation.close();
        }
    }

    @Test
    void theFunctionsAreListedWithTheNodeOfferingEach() throws Exception {
        JsonNode functions = JSON.readTree(installation.get(api + "/functions").body()).get("functions");
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        functions.forEach(function -> byName.put(function.get("name").asText(), function));
        assertEquals(List.of("factor", "geo-distance", "jackson-version", "sha256", "sleep", "square"),
                List.copyOf(byName.keySet()).stream().filter(name -> !name.equals("nap")).toList());
        assertEquals("text", byName.get("sha256").get("input").asText());
        assertEquals("json", byName.get("factor").get("output").asText());
        assertEquals("3.1.4", byName.get("sleep").get("version").asText(), "the jar's Implementation-Version");
        assertEquals(List.of(pluginNode), texts(byName.get("sha256").get("nodes")));
        assertEquals(List.of(pluginNode, plainNode).stream().sorted().toList(),
                texts(byName.get("square").get("nodes")));
    }

    @Test
    void exampleJobsRunOnlyWhereTheirFunctionIsWhileTheOtherNodeSquaresAndEveryResultChecksOut() throws Exception {
        String squares = submit("application/json", "", "{\"range\":{\"from\":\"1\",\"to\":\"3000000\"},"
                + "\"chunkSize\":5000}");
        SplittableRandom random = new SplittableRandom(7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            texts.add(i % 100 == 0 ? "" : "text " + i + " ü✓ " + random.nextLong());
        }
        ObjectNode sha = JSON.createObjectNode().put("function", "sha256");
        texts.forEach(sha.putArray("inputs")::add);
        sha.putObject("args").put("rounds", 3);
        String shaJob = submit("application/json", "", JSON.writeValueAsString(sha));

        List<BigInteger> numbers = new ArrayList<>(List.of(BigInteger.TWO, BigInteger.valueOf(12),
                BigInteger.TEN.pow(30), new BigInteger("9223372036854775783"), new BigInteger("9223372036854775807"),
                BigInteger.valueOf(2_147_483_647L).multiply(BigInteger.valueOf(2_147_483_629L)),
                new BigInteger("9223372036854775783").multiply(BigInteger.valueOf(1_000_003))));
        for (int i = 0; i < 300; i++) {
            numbers.add(BigInteger.valueOf(2 + random.nextLong(Long.MAX_VALUE - 2)));
        }
        StringBuilder lines = new StringBuilder();
        numbers.forEach(n -> lines.append(n).append('\n'));
        String factorJob = submit("text/plain", "?function=factor", lines.toString());

        StringBuilder points = new StringBuilder();
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            double[] pair = {random.nextDouble(-90, 90), random.nextDouble(-180, 180), random.nextDouble(-90, 90),
                    random.nextDouble(-180, 180)};
            pairs.add(pair);
            points.append(String.format(java.util.Locale.ROOT,
                    "{\"from\":{\"lat\":%s,\"lon\":%s},\"to\":{\"lat\":%s,\"lon\":%s}}%n",
                    pair[0], pair[1], pair[2], pair[3]));
        }
        String geoJob = submit("application/x-ndjson", "?function=geo-distance", points.toString());

        JsonNode shaStatus = awaitEnd(shaJob);
        assertEquals("SUCCEEDED", shaStatus.get("state").asText(), shaStatus.toString());
        assertEquals(List.of(pluginNode), fieldNames(shaStatus.get("workerNodes")), "only the node offering sha256");
        List<JsonNode> shaResults = jsonLines(shaJob);
        assertEquals(texts.size(), shaResults.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), shaResults.get(i).get("input").asText());
            assertEquals(sha256(texts.get(i), 3), shaResults.get(i).get("result").asText(), "input " + i);
        }

        JsonNode factorStatus = awaitEnd(factorJob);
        assertEquals("SUCCEEDED", factorStatus.get("state").asText(), factorStatus.toString());
        List<JsonNode> factorResults = jsonLines(factorJob);
        assertEquals(numbers.size(), factorResults.size());
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(numbers.get(i).toString(), factorResults.get(i).get("input").asText());
            BigInteger product = BigInteger.ONE;
            BigInteger previous = BigInteger.ZERO;
            for (JsonNode factor : factorResults.get(i).get("result")) {
                BigInteger prime = new BigInteger(factor.asText());
                assertTrue(prime.isProbablePrime(100), prime + " of " + numbers.get(i) + " is prime");
                assertTrue(prime.compareTo(previous) >= 0, "ascending");
                previous = prime;
                product = product.multiply(prime);
            }
            assertEquals(numbers.get(i), product);
        }

        JsonNode geoStatus = awaitEnd(geoJob);
        assertEquals("SUCCEEDED", geoStatus.get("state").asText(), geoStatus.toString());
        List<JsonNode> geoResults = jsonLines(geoJob);
        for (int i = 0; i < pairs.size(); i++) {
            double[] p = pairs.get(i);
            assertEquals(haversineKm(p[0], p[1], p[2], p[3]), geoResults.get(i).get("result").get("km").asDouble(),
                    1e-6, "pair " + i);
        }

        JsonNode squareStatus = awaitEnd(squares);
        assertEquals("SUCCEEDED", squareStatus.get("state").asText());
        assertTrue(fieldNames(squareStatus.get("workerNodes")).contains(plainNode),
                "the node without plug-ins squared meanwhile: " + squareStatus.get("workerNodes"));
    }

    @Test
    void eachExampleFunctionRunsThroughBinSubmit() throws Exception {
        Path folder = installation.workDir().resolve("submit");
        Installation.deleteRecursively(folder);
        Files.createDirectories(folder);

        List<String> texts = List.of("alpha", "", "ünïcode ✓", "tab\tinside", "last");
        Files.writeString(folder.resolve("texts.txt"), String.join("\n", texts) + "\n");
        assertEquals(0, installation.run("submit-sha256", JOB, "submit", "--api", api, "--function", "sha256",
                "--args", "{\"rounds\": 2}", "--input", folder.resolve("texts.txt").toString(), "--no-progress",
                "--out", folder.resolve("sha256.jsonl").toString()), installation.outputOf("submit-sha256"));
        List<String> shaLines = Files.readAllLines(folder.resolve("sha256.jsonl"));
        assertEquals(texts.size(), shaLines.size());
        for (int i = 0; i < texts.size(); i++) {
            JsonNode line = JSON.readTree(shaLines.get(i));
            assertEquals(texts.get(i), line.get("input").asText());
            assertEquals(sha256(texts.get(i), 2), line.get("result").asText());
        }

        Files.writeString(folder.resolve("numbers.txt"), "12\n\n97\n1000000000000000000000000000000\n");
        assertEquals(0, installation.run("submit-factor", JOB, "submit", "--api", api, "--function", "factor",
                "--input", folder.resolve("numbers.txt").toString(), "--format", "tsv", "--no-progress",
                "--out", folder.resolve("factors.tsv").toString()), installation.outputOf("submit-factor"));
        List<String> factorLines = Files.readAllLines(folder.resolve("factors.tsv"));
        assertEquals("12\t[\"2\",\"2\",\"3\"]", factorLines.get(0));
        assertEquals("97\t[\"97\"]", factorLines.get(1));
        assertEquals(3, factorLines.size());

        Files.writeString(folder.resolve("points.ndjson"),
                "{\"from\":{\"lat\":48.8566,\"lon\":2.3522},\"to\":{\"lat\":51.5074,\"lon\":-0.1278}}\n");
        assertEquals(0, installation.run("submit-geo", JOB, "submit", "--api", api, "--function", "geo-distance",
                "--input", folder.resolve("points.ndjson").toString(), "--no-progress",
                "--out", folder.resolve("geo.jsonl").toString()), installation.outputOf("submit-geo"));
        JsonNode geo = JSON.readTree(Files.readAllLines(folder.resolve("geo.jsonl")).get(0));
        assertEquals(haversineKm(48.8566, 2.3522, 51.5074, -0.1278), geo.get("result").get("km").asDouble(), 1e-6);

        assertEquals(2, installation.run("submit-unknown", JOB, "submit", "--api", api, "--function", "md5",
                "--input", folder.resolve("texts.txt").toString()), installation.outputOf("submit-unknown"));
        assertTrue(installation.outputOf("submit-unknown").contains("unknown function 'md5'"),
                installation.outputOf("submit-unknown"));
    }

    @Test
    void aPluginThatBringsItsOwnJacksonRunsOnIt() throws Exception {
        String id = submit("application/json", "", "{\"function\":\"jackson-version\",\"inputs\":[{\"a\":[1,2]}],"
                + "\"args\":{\"mode\":\"check\"}}");
        assertEquals("SUCCEEDED", awaitEnd(id).get("state").asText());
        JsonNode result = jsonLines(id).get(0).get("result");
        assertEquals(System.getProperty("other-jackson.version"), result.get("jackson").asText());
        assertNotEquals(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString(),
                result.get("jackson").asText(), "not the node's Jackson");
        assertEquals("{\"a\":[1,2]}", result.get("input").toString());
        assertEquals("check", result.get("args").get("mode").asText());
    }

    @Test
    void anInputPastTheTaskTimeoutFailsAndTheWorkerNodeStaysAMember() throws Exception {
        String id = submit("application/json", "", "{\"function\":\"sleep\",\"inputs\":[\"20\",\"60000\",\"30\"],"
                + "\"taskTimeout\":\"300ms\",\"chunkSize\":3}");
        JsonNode status = awaitEnd(id);
        assertEquals("FAILED", status.get("state").asText(), status.toString());
        assertEquals(2, status.get("completed").asInt());
        List<JsonNode> results = jsonLines(id);
        assertEquals("slept 20", results.get(0).get("result").asText());
        assertTrue(results.get(1).get("error").asText().contains("timed out after 300ms"), results.get(1).toString());
        assertEquals("slept 30", results.get(2).get("result").asText());
        String after = submit("application/json", "", "{\"range\":{\"from\":\"1\",\"to\":\"1000\"},\"chunkSize\":10}");
        JsonNode afterStatus = awaitEnd(after);
        assertEquals("SUCCEEDED", afterStatus.get("state").asText());
        String cluster = installation.get(api + "/cluster").body();
        assertTrue(cluster.contains(pluginNode) && cluster.contains(plainNode), "both worker nodes serve: " + cluster);
    }

    @Test
    void aJobOfAFunctionNoLiveWorkerOffersWaitsAndRunsWhenOneJoins() throws Exception {
        Path napFolder = installation.workDir().resolve("nap-plugins");
        Installation.deleteRecursively(napFolder);
        PluginJar.write(napFolder.resolve("nap.jar"), "1.0.0", List.of(Nap.class), List.of());
        installation.start("napper", "worker", "--seed", seed, "--workers", "1", "--plugins", napFolder.toString());
        installation.awaitBody(api + "/functions", "\"nap\"", START);
        Process napper = installation.node("napper").process();
        napper.destroy();
        assertTrue(napper.waitFor(1, TimeUnit.MINUTES));
        await().atMost(START).until(() -> JSON.readTree(installation.get(api + "/functions").body())
                .get("functions").findValues("name").stream().noneMatch(name -> name.asText().equals("nap"))
                || napNodes().isEmpty());

        String id = submit("application/json", "", "{\"function\":\"nap\",\"inputs\":[\"10\",\"20\"]}");
        JsonNode waiting = status(id);
        assertEquals("QUEUED", waiting.get("state").asText());
        assertEquals("no live worker offers nap@1.0.0: the job runs when one joins",
                waiting.get("waitingFor").asText());

        installation.start("napper-again", "worker", "--seed", seed, "--workers", "1", "--plugins",
                napFolder.toString());
        JsonNode done = awaitEnd(id);
        assertEquals("SUCCEEDED", done.get("state").asText(), done.toString());
        assertTrue(done.get("waitingFor").isNull());
        assertEquals("napped 20", jsonLines(id).get(1).get("result").asText());
    }

    @Test
    void aFunctionNoWorkerHasOfferedIsRefusedNamingTheOfferedOnes() throws Exception {
        HttpResponse<String> refused = post("application/json", "", "{\"function\":\"md5\",\"inputs\":[\"x\"]}");
        assertEquals(400, refused.statusCode());
        String error = JSON.readTree(refused.body()).get("error").asText();
        assertTrue(error.startsWith("unknown function 'md5': the functions workers offer are "), error);
        assertTrue(error.contains("sha256@"), error);
    }

    @Test
    void aPluginFolderWithABrokenJarStopsTheWorkerWithOneLineNamingIt() throws Exception {
        Path broken = installation.workDir().resolve("broken-plugins");
        Installation.deleteRecursively(broken);
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("broken.jar"), "not a zip file");
        Process worker = installation.startCommand("broken", "worker", "--seed", seed, "--plugins", broken.toString());
        assertTrue(worker.waitFor(1, TimeUnit.MINUTES), "the worker stops at start");
        assertNotEquals(0, worker.exitValue());
        List<String> output = Files.readAllLines(installation.output("broken")).stream()
                .filter(line -> !line.isBlank()).toList();
        String last = output.get(output.size() - 1);
        assertTrue(last.contains(broken.resolve("broken.jar").toString()), String.join("\n", output));
        assertFalse(output.stream().anyMatch(line -> line.startsWith("\tat ")), "no stack trace:\n" + output);
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static List<JsonNode> napNodes() throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (JsonNode function : JSON.readTree(installation.get(api + "/functions").body()).get("functions")) {
            if (function.get("name").asText().equals("nap")) {
                function.get("nodes").forEach(nodes::add);
            }
        }
        return nodes;
    }

    private static HttpResponse<String> post(String type, String query, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api + "/jobs" + query)).header("Content-Type", type)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String submit(String type, String query, String body) throws Exception {
        HttpResponse<String> response = post(type, query, body);
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static JsonNode status(String id) throws IOException {
        return JSON.readTree(installation.get(api + "/jobs/" + id).body());
    }

    private static JsonNode awaitEnd(String id) {
        return await().atMost(JOB).pollInterval(Duration.ofMillis(200)).until(() -> status(id),
                status -> status.get("finishedAt") != null && !status.get("finishedAt").isNull());
    }

    private static List<JsonNode> jsonLines(String id) throws IOException {
        HttpResponse<String> response = installation.get(api + "/jobs/" + id + "/results?format=jsonl");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts.stream().sorted().toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String sha256(String text, int rounds) throws Exception {
        String hex = text;
        for (int i = 0; i < rounds; i++) {
            hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(hex.getBytes(StandardCharsets.UTF_8)));
        }
        return hex;
    }

    private static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double a = Math.pow(Math.sin((p2 - p1) / 2), 2)
                + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(Math.toRadians(lon2 - lon1) / 2), 2);
        return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
    }
}
