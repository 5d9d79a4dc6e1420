package io.computecluster.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.computecluster.common.node.BoundPorts;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.TestHttp;
import io.computecluster.common.testkit.TestJson;
import io.computecluster.master.testplugin.PluginJar;
import io.computecluster.master.testplugin.Sha256Hex;
import io.computecluster.worker.WorkerRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API of a real master node in a real cluster, spoken to over HTTP. The worker node also
 * offers a plug-in, {@link Sha256Hex}, whose results are larger than its inputs.
 */
class HttpApiClusterTest {
    private static final ClusterTestKit cluster = new ClusterTestKit();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static String api;

    @BeforeAll
    static void startCluster() throws IOException {
        // Room for the ended jobs of these tests, not for a job counted twice (see the cancellation test).
        // Port 0: the master binds a free one and names it.
        var master = cluster.start(new MasterRole(), "master.conf", Map.of("compute.master.http.port", 0,
                "compute.master.retained-inputs", 30_000_000));
        Path plugins = Files.createDirectories(Path.of("target", "test-plugins", java.util.UUID.randomUUID().toString()))
                .toAbsolutePath();
        PluginJar.of(plugins, "sha256-hex.jar", "1.0", Sha256Hex.class);
        cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 2,
                "compute.worker.plugins", plugins.toString()));
        cluster.awaitMembersUp(2, Duration.ofSeconds(30));
        api = await().atMost(Duration.ofSeconds(30)).until(() -> BoundPorts.get(master).current().http(),
                java.util.Objects::nonNull);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("/cluster").body().contains("\"workerActors\":2"));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void jsonRangeJobIsAcceptedAwaitedAndStreamedInOrder() {
        HttpResponse<String> submitted = post("/jobs", "application/json",
                "{\"function\":\"square\",\"range\":{\"from\":\"-3\",\"to\":\"3\"},\"chunkSize\":2}");
        assertEquals(202, submitted.statusCode(), submitted.body());
        String id = id(submitted);
        assertEquals("/jobs/" + id, submitted.headers().firstValue("Location").orElse(""));

        HttpResponse<String> status = get("/jobs/" + id + "?wait=10s");
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("\"state\":\"SUCCEEDED\""), status.body());
        assertTrue(status.body().contains("\"total\":7") && status.body().contains("\"completed\":7"), status.body());

        HttpResponse<String> results = get("/jobs/" + id + "/results");
        assertEquals(200, results.statusCode());
        assertTrue(results.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals("-3\t9\n-2\t4\n-1\t1\n0\t0\n1\t1\n2\t4\n3\t9\n", results.body());
    }

    @Test
    void aOneChunkJobsResultsComeWholeAndABigJobsAreStreamed() {
        String one = id(post("/jobs", "text/plain", "12345678901234567890\n-4\n"));
        assertTrue(get("/jobs/" + one + "?wait=10s").body().contains("\"state\":\"SUCCEEDED\""));
        HttpResponse<String> whole = get("/jobs/" + one + "/results");
        assertEquals(200, whole.statusCode());
        assertEquals("12345678901234567890\t152415787532388367501905199875019052100\n-4\t16\n", whole.body());
        String length = whole.headers().firstValue("Content-Length").orElse("");
        assertEquals(String.valueOf(whole.body().length()), length, "one chunk: answered whole " + whole.headers());

        // 2,500 chunks: more than the job manager's answer lists, so the download asks where they
        // are in blocks of 1,024 chunks, and streams them.
        String many = id(post("/jobs", "application/json",
                "{\"range\":{\"from\":\"1\",\"to\":\"2500\"},\"chunkSize\":1}"));
        assertTrue(get("/jobs/" + many + "?wait=30s").body().contains("\"state\":\"SUCCEEDED\""));
        HttpResponse<String> streamed = get("/jobs/" + many + "/results");
        assertTrue(streamed.headers().firstValue("Content-Length").isEmpty(), "streamed: " + streamed.headers());
        String[] lines = streamed.body().split("\n");
        assertEquals(2500, lines.length);
        for (int i = 0; i < lines.length; i++) {
            long x = i + 1;
            assertEquals(x + "\t" + x * x, lines[i], "line " + x);
        }
    }

    @Test
    void resultsOfARunningJobCanBeFollowedAsItsChunksAreDone() throws IOException {
        String id = id(post("/jobs", "application/json",
                "{\"range\":{\"from\":\"1\",\"to\":\"2000000\"},\"chunkSize\":1000}"));
        HttpResponse<java.io.InputStream> followed;
        try {
            followed = http.send(HttpRequest.newBuilder(URI.create(api + "/jobs/" + id + "/results?follow=true"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(200, followed.statusCode());
        long expected = 1;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(followed.body()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                assertEquals(expected + "\t" + expected * expected, line);
                expected++;
            }
        }
        assertEquals(2_000_001, expected, "every line, in order");
        assertTrue(get("/jobs/" + id + "?wait=10s").body().contains("\"state\":\"SUCCEEDED\""));
    }

    /**
     * Short lines whose results are 64 hex digits: the master cuts chunks by the inputs' size
     * (about 7,000 lines), so each chunk's results (about 470 KB) travel in several messages of at
     * most a frame, and every input gets its result.
     */
    @Test
    void resultsLargerThanTheirInputsTravelInSeveralMessagesAndAllArrive() {
        int count = 20_000;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append("line ").append(i).append('\n');
        }
        HttpResponse<String> submitted = post("/jobs?function=" + Sha256Hex.NAME + "&chunkSize=" + count, "text/plain",
                body.toString());
        assertEquals(202, submitted.statusCode(), submitted.body());
        String id = id(submitted);
        HttpResponse<String> status = get("/jobs/" + id + "?wait=20s");
        assertTrue(status.body().contains("\"state\":\"SUCCEEDED\""), status.body());
        assertTrue(status.body().contains("\"completed\":" + count) && status.body().contains("\"failed\":0"),
                status.body());
        assertTrue(!status.body().contains("\"chunkSize\":" + count), "more than one chunk: " + status.body());

        String[] lines = get("/jobs/" + id + "/results").body().split("\n");
        assertEquals(count, lines.length);
        for (int i = 0; i < count; i += 997) {
            assertEquals("{\"input\":\"line " + i + "\",\"result\":\"" + Sha256Hex.hex("line " + i) + "\"}",
                    lines[i], "line " + i);
        }
        assertEquals("{\"input\":\"line 19999\",\"result\":\"" + Sha256Hex.hex("line 19999") + "\"}",
                lines[count - 1]);
    }

    @Test
    void textJobWithABadLineIsRefusedWithItsLineNumber() {
        HttpResponse<String> refused = post("/jobs?function=square", "text/plain", "1\n\n2\nthree\n");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("\"line\":4"), refused.body());
        assertTrue(refused.body().contains("\"error\":\"line 4: not an integer: 'three'\""), refused.body());
    }

    @Test
    void runningJobHasNoResultsYetAndCanBeCancelled() {
        String id = id(post("/jobs", "application/json",
                "{\"range\":{\"from\":\"1\",\"to\":\"20000000\"},\"chunkSize\":100}"));
        HttpResponse<String> early = get("/jobs/" + id + "/results");
        assertEquals(409, early.statusCode(), early.body());
        assertTrue(early.body().contains("\"error\""), early.body());

        // Cancelled while results are on their way into the job store: they must not end it twice.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> !get("/jobs/" + id).body().contains("\"completed\":0,"));
        HttpResponse<String> cancelled = send(HttpRequest.newBuilder(URI.create(api + "/jobs/" + id)).DELETE());
        assertEquals(200, cancelled.statusCode());
        assertTrue(cancelled.body().contains("\"state\":\"CANCELLED\""), cancelled.body());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/jobs/" + id).body().contains("\"state\":\"CANCELLED\""));
        assertEquals(409, get("/jobs/" + id + "/results").statusCode());
        assertTrue(get("/jobs").body().contains(id));

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(api + "/jobs/" + id)).DELETE());
        assertEquals(200, deleted.statusCode(), "an ended job is deleted: " + deleted.body());
        assertEquals(404, get("/jobs/" + id).statusCode());
    }

    @Test
    void errorsAreJsonWithTheRightStatus() {
        assertEquals(404, get("/jobs/j-nosuchjob").statusCode());
        assertTrue(get("/jobs/j-nosuchjob").body().contains("\"error\":\"unknown job 'j-nosuchjob'\""));
        assertEquals(404, get("/jobs/j-nosuchjob/results").statusCode());
        assertEquals(404, get("/no/such/path").statusCode());
        assertTrue(get("/no/such/path").body().startsWith("{\"error\":"));
        assertEquals(415, post("/jobs", "application/xml", "<job/>").statusCode());
        assertEquals(400, post("/jobs", "application/json", "{\"range\":").statusCode());
        assertEquals(400, post("/jobs", "application/json", "{\"function\":\"cube\",\"inputs\":[1]}").statusCode());
        assertEquals(413, post("/jobs", "application/json",
                "{\"range\":{\"from\":\"1\",\"to\":\"1000000000000\"}}").statusCode());
        HttpResponse<String> badWait = get("/jobs/j-any?wait=soon");
        assertEquals(400, badWait.statusCode());
        assertTrue(badWait.body().contains("wait"), badWait.body());
    }

    @Test
    void healthAndClusterDescribeTheNode() {
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"UP\""));
        String clusterBody = get("/cluster").body();
        assertTrue(clusterBody.contains("\"roles\":[\"master\"]") && clusterBody.contains("\"roles\":[\"worker\"]"),
                clusterBody);
        assertTrue(clusterBody.contains("\"workerNodes\":1"), clusterBody);
        // The worker node's two actors, by name, each with the chunks it holds.
        assertTrue(clusterBody.matches("(?s).*\"workerActors\":\\[\\{\"name\":\"worker-\\d+\",\"chunksInFlight\":\\d+\\},"
                + "\\{\"name\":\"worker-\\d+\",\"chunksInFlight\":\\d+\\}\\].*"), clusterBody);
    }

    @Test
    void clusterCountsEachWorkerNodesResultsAndThroughputIsSampled() {
        // A sample is the inputs since the tick before: a job that ended before the job manager's
        // first tick would be in no sample. Once one sample exists, the job's inputs land in a later one.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/cluster/throughput").body().contains("\"tasksPerSecond\":"));
        String id = id(post("/jobs", "application/json",
                "{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"20000\"},\"chunkSize\":100}"));
        assertTrue(get("/jobs/" + id + "?wait=20s").body().contains("\"state\":\"SUCCEEDED\""));
        String clusterBody = get("/cluster").body();
        JsonNode worker = TestJson.read(clusterBody).path("workers").path(0);
        assertEquals(2, worker.path("actors").asInt(), clusterBody);
        assertTrue(worker.path("tasksDone").asLong() >= 20_000, clusterBody);
        assertTrue(clusterBody.contains("\"tasksPerSecond\":"), clusterBody);

        // One sample a second, oldest first, and the job's inputs show up in them.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String throughput = get("/cluster/throughput").body();
            assertTrue(throughput.startsWith("{\"intervalSeconds\":1,\"samples\":[{\"at\":\""), throughput);
            boolean someInputs = false;
            for (JsonNode sample : TestJson.read(throughput).path("samples")) {
                someInputs |= sample.path("tasksPerSecond").asLong() > 0;
            }
            assertTrue(someInputs, throughput);
        });
    }

    @Test
    void metricsAreInThePrometheusTextFormat() {
        String id = id(post("/jobs", "application/json",
                "{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"1000\"},\"chunkSize\":10}"));
        assertTrue(get("/jobs/" + id + "?wait=20s").body().contains("\"state\":\"SUCCEEDED\""));
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                metrics.headers().toString());
        String body = metrics.body();
        assertTrue(metricValue(body, "compute_inputs_completed_total") >= 1000, body);
        assertTrue(metricValue(body, "compute_chunks_dispatched_total") >= 100, body);
        assertTrue(metricValue(body, "compute_chunk_latency_seconds_count") >= 100, body);
        assertEquals(2.0, metricValue(body, "compute_cluster_members{status=\"Up\"}"), body);
        assertTrue(body.contains("# TYPE compute_chunk_latency_seconds histogram"), body);
        assertTrue(body.contains("compute_worker_node_inputs_total{node=\"127.0.0.1:"), body);
        assertTrue(body.contains("jvm_memory_used_bytes{"), body);
        // The job store's two connection pools, one per purpose.
        assertEquals(2.0, metricValue(body, "hikaricp_connections_max{pool=\"job-store-writes\"}"), body);
        assertEquals(3.0, metricValue(body, "hikaricp_connections_max{pool=\"job-store-reads\"}"), body);
        assertTrue(metricValue(body, "hikaricp_connections_acquire_seconds_count{pool=\"job-store-writes\"}") >= 1, body);

        // Per-input compute time as the workers measure it: one observation per input.
        assertTrue(body.contains("# TYPE compute_task_duration_seconds histogram"), body);
        double tasks = metricValue(body, "compute_task_duration_seconds_count");
        assertTrue(tasks >= 1000, body);
        assertTrue(metricValue(body, "compute_task_duration_seconds_sum") > 0, body);
        assertEquals(tasks, metricValue(body, "compute_task_duration_seconds_bucket{le=\"+Inf\"}"), body);
        List<Double> buckets = body.lines().filter(line -> line.startsWith("compute_task_duration_seconds_bucket{"))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).toList();
        assertEquals(10, buckets.size(), body);
        for (int i = 1; i < buckets.size(); i++) {
            assertTrue(buckets.get(i - 1) <= buckets.get(i), "cumulative buckets: " + buckets);
        }
        assertEquals(metricValue(body, "compute_inputs_completed_total") + metricValue(body, "compute_inputs_failed_total"),
                tasks, "every input counted once: " + body);

        // Gauges are set once a second: the job shows up as SUCCEEDED by the next tick.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> metricValue(get("/metrics").body(), "compute_jobs{state=\"SUCCEEDED\"}") >= 1);
        assertTrue(metricValue(body, "compute_chunks_in_flight") >= 0, body);
        assertTrue(metricValue(body, "jvm_gc_max_data_size_bytes") > 0, body);
        System.gc();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/metrics").body().lines().anyMatch(line -> line.startsWith("jvm_gc_pause_seconds_count{")
                        && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1));
    }

    @Test
    void statusPageIsServedFromTheJar() {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"app.js\""), page.body());
        HttpResponse<String> script = get("/app.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertEquals(200, get("/style.css").statusCode());
        assertEquals(404, get("/missing.js").statusCode());
    }

    /** The value of the sample whose name and labels are {@code series}. */
    private static double metricValue(String body, String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + series);
    }

    private static String id(HttpResponse<String> response) {
        return TestJson.id(response.body());
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(api + path)).GET());
    }

    private static HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(api + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return TestHttp.send(http, request.timeout(Duration.ofSeconds(20)).build());
    }
}
