package io.computecluster.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.node.BoundPorts;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.SquareLines;
import io.computecluster.common.testkit.TestHttp;
import io.computecluster.common.testkit.TestJson;
import io.computecluster.worker.WorkerRole;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two master nodes and two worker nodes in one JVM, one job store (which one is the subclass's
 * choice): the standby master answers
 * for every job (its results read from the store), and when the active master leaves during a
 * job, the job manager singleton moves to the standby, recovers the job from the store and ends
 * it with every result exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TakeoverScenario {
    private static final HttpClient http = HttpClient.newHttpClient();
    private final ClusterTestKit cluster = new ClusterTestKit();
    private ActorSystem<Void> active;
    /** The HTTP API of the master that is standby at first. */
    private String standby;
    /** The HTTP API of the master that is active at first. */
    private String first;
    /** The job submitted with {@link #KEY}, which a retry on any master, and after the takeover, gets again. */
    private String keyedJob;
    private static final String KEY = "takeover-retry-1";

    /** The job store both masters share. */
    abstract Map<String, Object> storeSettings();

    @BeforeAll
    void startCluster() throws IOException {
        // Both HTTP ports 0: each master binds a free one and names it.
        active = cluster.start(new MasterRole(), "master.conf", master());
        cluster.awaitMembersUp(1, Duration.ofSeconds(30));
        first = await().atMost(Duration.ofSeconds(30))
                .until(() -> BoundPorts.get(active).current().http(), java.util.Objects::nonNull);
        ActorSystem<Void> second = cluster.start(new MasterRole(), "master.conf", master());
        standby = await().atMost(Duration.ofSeconds(30))
                .until(() -> BoundPorts.get(second).current().http(), java.util.Objects::nonNull);
        cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 2));
        cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 2));
        cluster.awaitMembersUp(4, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get("/cluster").body().contains("\"workerActors\":4"));
    }

    private Map<String, Object> master() {
        Map<String, Object> settings = new java.util.HashMap<>(storeSettings());
        settings.put("compute.master.http.port", 0);
        return settings;
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    @Test
    @Order(1)
    void theStandbyMasterAnswersForEveryJobAndServesResultsFromTheStore() throws IOException {
        HttpResponse<String> submitted = post("{\"function\":\"square\",\"range\":{\"from\":\"-5\",\"to\":\"20\"},"
                + "\"chunkSize\":3}");
        assertEquals(202, submitted.statusCode(), submitted.body());
        String id = id(submitted);
        HttpResponse<String> status = get("/jobs/" + id + "?wait=20s");
        assertTrue(status.body().contains("\"state\":\"SUCCEEDED\""), status.body());
        assertTrue(get("/jobs").body().contains(id));

        HttpResponse<String> results = get("/jobs/" + id + "/results");
        assertEquals(200, results.statusCode(), results.body());
        assertSquares(results.body(), -5, 26);

        // A big integer's result, read back from the store exactly.
        String big = "123456789012345678901234567890";
        String bigId = id(post("{\"inputs\":[\"" + big + "\",\"-7\"]}"));
        get("/jobs/" + bigId + "?wait=20s");
        assertEquals(big + "\t" + new BigInteger(big).pow(2) + "\n-7\t49\n", get("/jobs/" + bigId + "/results").body());

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(standby + "/jobs/" + id)).DELETE());
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(404, get("/jobs/" + id).statusCode());
    }

    @Test
    @Order(2)
    void aRetryWithTheSameKeyGetsTheSameJobOnEitherMasterAndResultsResumeFromALine() {
        String json = "{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"10\"},\"chunkSize\":3}";
        int jobsBefore = jobCount();
        HttpResponse<String> submitted = post(standby, json, KEY);
        assertEquals(202, submitted.statusCode(), submitted.body());
        keyedJob = id(submitted);
        HttpResponse<String> again = post(standby, json, KEY);
        assertEquals(202, again.statusCode(), again.body());
        assertEquals(keyedJob, id(again));
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(keyedJob, id(post(first, json, KEY)), "the other master answers with the same job");
        assertEquals(jobsBefore + 1, jobCount(), "one job for the three requests");

        get("/jobs/" + keyedJob + "?wait=20s");
        // Line 4 is the second line of chunk 1: 5, 6, ... 10.
        HttpResponse<String> rest = get("/jobs/" + keyedJob + "/results?from=4");
        assertEquals(200, rest.statusCode(), rest.body());
        assertSquares(rest.body(), 5, 6);
        assertEquals("", get("/jobs/" + keyedJob + "/results?from=10").body());
    }

    private int jobCount() {
        return TestJson.readOrMissing(get("/jobs").body()).path("jobs").size();
    }

    @Test
    @Order(3)
    void aJobGoesOnWhenItsMasterLeavesAndEndsWithEveryResultOnce() {
        int total = 100_000;
        // 1,000 chunks of 100 at 10 ms or more each on 4 worker actors: two and a half seconds at best.
        String id = id(post("{\"function\":\"" + SlowSquare.NAME + "\",\"range\":{\"from\":\"1\",\"to\":\"" + total
                + "\"},\"chunkSize\":100}"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> completed(get("/jobs/" + id).body()) >= total / 5);

        // It leaves the cluster and the singleton moves; whether its actor system then terminates
        // promptly is not this test's subject (see ClusterTestKit.close on tls-tcp at termination).
        active.terminate();

        // Requests wait or get a 503 while the singleton moves; then the job goes on where it was.
        HttpResponse<String> ended = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> get("/jobs/" + id + "?wait=5s"), response -> response.statusCode() == 200
                        && response.body().contains("\"state\":\"SUCCEEDED\""));
        assertEquals(total, completed(ended.body()), ended.body());
        assertTrue(ended.body().contains("\"failed\":0"), ended.body());
        assertSquares(get("/jobs/" + id + "/results").body(), 1, total);

        // The job manager that took over knows the key from the store.
        HttpResponse<String> retried = post(standby, "{\"function\":\"square\",\"range\":{\"from\":\"1\","
                + "\"to\":\"10\"}}", KEY);
        assertEquals(202, retried.statusCode(), retried.body());
        assertEquals(keyedJob, id(retried));
    }

    /** Every line is {@code x<TAB>x²} for x = from, from+1, ..., in order, {@code count} of them. */
    static void assertSquares(String body, long from, int count) {
        SquareLines.assertSquares(body, BigInteger.valueOf(from), count);
    }

    static long completed(String status) {
        return TestJson.readOrMissing(status).path("completed").asLong(-1);
    }

    static String id(HttpResponse<String> response) {
        return TestJson.id(response.body());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(standby + path)).GET());
    }

    HttpResponse<String> post(String json) {
        return send(HttpRequest.newBuilder(URI.create(standby + "/jobs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A JSON submission to the master at {@code base} with an Idempotency-Key. */
    HttpResponse<String> post(String base, String json, String key) {
        return send(HttpRequest.newBuilder(URI.create(base + "/jobs")).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return TestHttp.send(http, request.timeout(Duration.ofSeconds(20)).build());
    }
}
