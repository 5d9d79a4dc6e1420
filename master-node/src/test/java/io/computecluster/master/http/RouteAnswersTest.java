package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.api.ClusterStatus;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What the API answers when all goes well, byte for byte where scripts and the status page read it. */
class RouteAnswersTest {
    private static final JUnit5RouteTest kit = new JUnit5RouteTest();
    /** How the master wrote its job manager's records before the API had records of its own. */
    private static final ObjectMapper json = new ObjectMapper();

    private final InMemoryJobManager jobManager = new InMemoryJobManager();

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void aSubmittedJobIsAcceptedWithItsIdAndLocation() {
        TestRoute api = new ApiFixture(kit).route(jobManager);
        TestRouteResult accepted = api.run(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON,
                "{\"function\":\"square\",\"range\":{\"from\":\"-3\",\"to\":\"3\"},\"chunkSize\":2}"));
        accepted.assertStatusCode(202).assertContentType(ContentTypes.APPLICATION_JSON)
                .assertEntity("{\"id\":\"j-000000000001\"}");
        assertEquals("/jobs/j-000000000001", accepted.header(Location.class).getUri().toString());
        assertEquals(List.of(new JobSpec("square", new InputSource.Range(BigInteger.valueOf(-3), BigInteger.valueOf(3)),
                2)), jobManager.submitted());

        api.run(HttpRequest.POST("/jobs?function=square&chunkSize=5").withEntity(ContentTypes.TEXT_PLAIN_UTF8,
                "3\n\n-4\n")).assertStatusCode(202).assertEntity("{\"id\":\"j-000000000002\"}");
        assertEquals(5, jobManager.submitted().get(1).chunkSize());
        assertEquals(2, jobManager.submitted().get(1).inputs().total());
    }

    @Test
    void aJobsStatusIsWhatTheMasterAlwaysSentNewestFirstInTheList() throws Exception {
        JobStatus failed = new JobStatus("j-00000000002a", "square", "range 1..5", JobState.FAILED, 5, 4, 1, 2,
                "2025-03-01T09:15:02.345Z", "2025-03-01T09:15:03Z", 655, 7,
                List.of(new JobStatus.InputError("3", "boom")), new java.util.LinkedHashMap<>(java.util.Map.of(
                        "127.0.0.1:40001", 4L)), "built-in", null);
        JobStatus running = InMemoryJobManager.job("j-00000000002b", JobState.RUNNING, 100, 10, 20);
        jobManager.with(failed).with(running);
        TestRoute api = new ApiFixture(kit).route(jobManager);

        api.run(HttpRequest.GET("/jobs/j-00000000002a")).assertStatusCode(200)
                .assertContentType(ContentTypes.APPLICATION_JSON).assertEntity(json.writeValueAsString(failed));
        api.run(HttpRequest.GET("/jobs/j-00000000002a?wait=250ms")).assertStatusCode(200)
                .assertEntity(json.writeValueAsString(failed));
        api.run(HttpRequest.GET("/jobs")).assertStatusCode(200).assertEntity("{\"jobs\":["
                + json.writeValueAsString(running) + "," + json.writeValueAsString(failed) + "]}");
        assertTrue(json.writeValueAsString(running).contains("\"finishedAt\":null"));
        assertTrue(jobManager.asked().contains("awaitEnd j-00000000002a PT0.25S"), jobManager.asked().toString());

        TestRouteResult cancelled = api.run(HttpRequest.DELETE("/jobs/j-00000000002b")).assertStatusCode(200);
        assertTrue(cancelled.entityString().contains("\"state\":\"CANCELLED\""), cancelled.entityString());
        api.run(HttpRequest.DELETE("/jobs/j-00000000002a")).assertStatusCode(200);
        api.run(HttpRequest.GET("/jobs/j-00000000002a")).assertStatusCode(404);
    }

    @Test
    void theClusterHealthThroughputAndMetrics() {
        TestRoute api = new ApiFixture(kit).route(jobManager);
        String members = "\"members\":[{\"address\":\"" + ApiFixture.MASTER + "\",\"host\":\"127.0.0.1\",\"port\":25520,"
                + "\"roles\":[\"master\"],\"status\":\"Up\",\"reachable\":true},{\"address\":\"" + ApiFixture.WORKER
                + "\",\"host\":\"127.0.0.1\",\"port\":40001,\"roles\":[\"worker\"],\"status\":\"Up\",\"reachable\":false}]";
        api.run(HttpRequest.GET("/cluster")).assertStatusCode(200).assertContentType(ContentTypes.APPLICATION_JSON)
                .assertEntity("{\"self\":\"" + ApiFixture.MASTER + "\",\"leader\":\"" + ApiFixture.MASTER + "\","
                        + members + ",\"workerNodes\":1,\"workerActors\":2,\"chunksInFlight\":3,\"tasksPerSecond\":40,"
                        + "\"jobStore\":\"ok\",\"workers\":[{\"node\":\"127.0.0.1:40001\",\"actors\":2,"
                        + "\"chunksInFlight\":3,\"tasksDone\":500,\"tasksPerSecond\":40,\"workerActors\":["
                        + "{\"name\":\"worker-1\",\"chunksInFlight\":1},{\"name\":\"worker-2\",\"chunksInFlight\":2}]}]}");
        api.run(HttpRequest.GET("/cluster/throughput")).assertStatusCode(200).assertEntity("{\"intervalSeconds\":1,"
                + "\"samples\":[{\"at\":\"2025-03-01T09:15:02.345Z\",\"tasksPerSecond\":0},"
                + "{\"at\":\"2025-03-01T09:15:03.345Z\",\"tasksPerSecond\":1234}]}");
        api.run(HttpRequest.GET("/health")).assertStatusCode(200)
                .assertEntity("{\"status\":\"UP\",\"member\":\"Up\",\"workerActors\":2}");
        TestRouteResult metrics = api.run(HttpRequest.GET("/metrics")).assertStatusCode(200)
                .assertEntity(ApiFixture.METRICS);
        assertEquals("text/plain; version=0.0.4; charset=UTF-8", metrics.contentTypeString());
    }

    @Test
    void aNodeThatIsNotUpIsNotHealthy() {
        TestRoute joining = new ApiFixture(kit).membership(new MembershipSnapshot(ApiFixture.MASTER, false, "Joining",
                null, List.of(new ClusterStatus.Member(ApiFixture.MASTER, "127.0.0.1", 25520, List.of("master"),
                        "Joining", true)))).route(jobManager);
        joining.run(HttpRequest.GET("/health")).assertStatusCode(503)
                .assertEntity("{\"error\":\"this node is Joining in the cluster, not Up\"}");
        assertFalse(jobManager.asked().contains("workers"), "not Up: the job manager is not asked");
        assertTrue(joining.run(HttpRequest.GET("/cluster")).entityString()
                .startsWith("{\"self\":\"" + ApiFixture.MASTER + "\",\"leader\":null,"));
    }

    @Test
    void aOneChunkJobsResultsComeWholeAndLargerOnesAreStreamedInOrder() throws Exception {
        jobManager.with(InMemoryJobManager.job("j-one", JobState.SUCCEEDED, 3, 10, 3));
        TestRoute one = new ApiFixture(kit).results(InMemoryJobManager.reader(3, 10)).route(jobManager);
        one.run(HttpRequest.GET("/jobs/j-one/results")).assertStatusCode(200)
                .assertContentType(ContentTypes.TEXT_PLAIN_UTF8).assertEntity("1\t1\n2\t4\n3\t9\n");
        assertFalse(kit.unread(one.underlying(), HttpRequest.GET("/jobs/j-one/results")).entity().isChunked(),
                "one chunk: answered whole");

        // 7 chunks: where each is, is in the job manager's answer.
        jobManager.with(InMemoryJobManager.job("j-few", JobState.SUCCEEDED, 20, 3, 20));
        TestRoute few = new ApiFixture(kit).results(InMemoryJobManager.reader(20, 3)).route(jobManager);
        few.run(HttpRequest.GET("/jobs/j-few/results")).assertStatusCode(200)
                .assertEntity(InMemoryJobManager.squares(1, 20));
        assertTrue(kit.unread(few.underlying(), HttpRequest.GET("/jobs/j-few/results")).entity().isChunked(),
                "streamed");

        // 2,500 chunks: more than the answer lists, so the download asks where they are in blocks.
        jobManager.with(InMemoryJobManager.job("j-many", JobState.SUCCEEDED, 2500, 1, 2500));
        new ApiFixture(kit).results(InMemoryJobManager.reader(2500, 1)).route(jobManager)
                .run(HttpRequest.GET("/jobs/j-many/results")).assertStatusCode(200)
                .assertEntity(InMemoryJobManager.squares(1, 2500));
        assertEquals(List.of("storedIn j-many 0 1024", "storedIn j-many 1024 1024", "storedIn j-many 2048 452"),
                jobManager.asked().stream().filter(asked -> asked.startsWith("storedIn")).toList());
    }

    @Test
    void aRunningJobsResultsCanBeFollowedChunkByChunk() {
        jobManager.with(InMemoryJobManager.job("j-running", JobState.RUNNING, 25, 10, 0));
        new ApiFixture(kit).results(InMemoryJobManager.reader(25, 10)).route(jobManager)
                .run(HttpRequest.GET("/jobs/j-running/results?follow=true")).assertStatusCode(200)
                .assertContentType(ContentTypes.TEXT_PLAIN_UTF8).assertEntity(InMemoryJobManager.squares(1, 25));
        assertEquals(List.of("awaitChunk j-running 0", "awaitChunk j-running 1", "awaitChunk j-running 2"),
                jobManager.asked().stream().filter(asked -> asked.startsWith("awaitChunk")).sorted().toList());
    }

    @Test
    void theGatewaysLongPollWaitIsTheRequestsOwn() {
        jobManager.with(InMemoryJobManager.job("j-1", JobState.RUNNING, 10, 5, 0));
        TestRoute api = new ApiFixture(kit).route(jobManager);
        api.run(HttpRequest.GET("/jobs/j-1?wait=2")).assertStatusCode(200);
        api.run(HttpRequest.GET("/jobs/j-1")).assertStatusCode(200);
        assertEquals(List.of("awaitEnd j-1 " + Duration.ofSeconds(2), "status j-1"), jobManager.asked());
    }
}
