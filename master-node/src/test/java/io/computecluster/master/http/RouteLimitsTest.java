package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.computecluster.master.job.JobState;
import io.computecluster.master.manager.JobManagerProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What is refused, with which status and words: bodies past the size limit, too many jobs or
 * listed inputs at once (429, Retry-After), a store that does not take jobs and too many waiting
 * requests (503).
 */
class RouteLimitsTest {
    private static final JUnit5RouteTest kit = new JUnit5RouteTest();
    private static final int MAX_REQUEST_BYTES = 1024;
    private static final String TOO_LARGE = "{\"error\":\"request body larger than 1024 bytes"
            + " (compute.master.max-request-size)\"}";

    private final InMemoryJobManager jobManager = new InMemoryJobManager();
    private final TestRoute api = new ApiFixture(kit).maxRequestBytes(MAX_REQUEST_BYTES).maxInputs(3).route(jobManager);

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void aJsonBodyPastMaxRequestSizeIs413WhetherItsLengthIsAnnouncedOrNot() {
        byte[] oversize = ("{\"inputs\":[1" + " ".repeat(MAX_REQUEST_BYTES) + "]}").getBytes(StandardCharsets.UTF_8);
        assertRefused(api.run(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON, oversize)), 413,
                TOO_LARGE);
        // Chunked, no Content-Length: refused once the bytes read pass the limit.
        assertRefused(api.run(HttpRequest.POST("/jobs").withEntity(HttpEntities.createChunked(
                ContentTypes.APPLICATION_JSON, Source.from(List.of(ByteString.fromArray(oversize),
                        ByteString.fromString("\n")))))), 413, TOO_LARGE);
        assertEquals(List.of(), jobManager.submitted(), "nothing was submitted");

        // At the limit, it is taken.
        byte[] fits = "{\"inputs\":[1,1,1]}".getBytes(StandardCharsets.UTF_8);
        api.run(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON, fits)).assertStatusCode(202);
    }

    @Test
    void aTextBodyIsStreamedPastMaxRequestSize() {
        // Three integers padded with blanks: longer than max-request-size, within max-inputs.
        String padded = ("1" + " ".repeat(MAX_REQUEST_BYTES / 2) + "\n").repeat(3);
        api.run(HttpRequest.POST("/jobs").withEntity(HttpEntities.createChunked(ContentTypes.TEXT_PLAIN_UTF8,
                Source.from(List.of(ByteString.fromString(padded)))))).assertStatusCode(202);
        assertEquals(3, jobManager.submitted().get(0).inputs().total());
    }

    @Test
    void pastMaxInputsAListIs413() {
        assertRefused(api.run(json("{\"inputs\":[1,2,3,4]}")), 413,
                "{\"error\":\"inputs: 4 inputs, at most 3 per job (compute.master.max-inputs)\"}");
        assertRefused(api.run(HttpRequest.POST("/jobs").withEntity(ContentTypes.TEXT_PLAIN_UTF8, "1\n2\n\n3\n4\n")),
                413, "{\"error\":\"line 5: too many inputs: at most 3 per job (compute.master.max-inputs)\",\"line\":5}");
    }

    @Test
    void pastMaxRunningJobsASubmissionIs429WithRetryAfter() {
        jobManager.answeringSubmit(new JobManagerProtocol.Busy(3, 3));
        assertRefused(api.run(json("{\"range\":{\"from\":\"1\",\"to\":\"10\"}}")), 429,
                "{\"error\":\"3 jobs are queued or running, at most 3 at once (compute.master.max-running-jobs):"
                        + " try again once one has ended\"}")
                .assertHeaderExists("Retry-After", "5");
    }

    @Test
    void pastMaxRunningListInputsAListIs429WithRetryAfter() {
        jobManager.answeringSubmit(new JobManagerProtocol.ListsBusy(1000, 3, 1500));
        assertRefused(api.run(json("{\"inputs\":[1,2,3]}")), 429,
                "{\"error\":\"the unfinished jobs given as lists hold 1000 inputs in the master's memory; with this"
                        + " job's 3 that passes 1500 (compute.master.max-running-list-inputs): try again once one has"
                        + " ended, or submit a range\"}")
                .assertHeaderExists("Retry-After", "5");
    }

    @Test
    void aStoreThatDoesNotTakeTheJobIs503() {
        jobManager.failing(new JobManagerGateway.StoreFailed("the job store did not take the job within 15 s", null));
        assertRefused(api.run(json("{\"range\":{\"from\":\"1\",\"to\":\"10\"}}")), 503,
                "{\"error\":\"job not accepted: the job store did not take the job within 15 s\"}");
    }

    @Test
    void aJobManagerWhoseStoreFailsRefusesJobsAndHealthSaysSo() {
        jobManager.answeringSubmit(new JobManagerProtocol.NotAccepted("the job store is failing: table gone"));
        assertRefused(api.run(json("{\"range\":{\"from\":\"1\",\"to\":\"10\"}}")), 503,
                "{\"error\":\"job not accepted: the job store is failing: table gone\"}");

        jobManager.withWorkers(new JobManagerProtocol.WorkersView(List.of(), 0, 0, 0, "table gone"));
        assertRefused(api.run(HttpRequest.GET("/health")), 503, "{\"error\":\"the job store is failing: table gone;"
                + " no new jobs are accepted until it works again\"}");
        String cluster = api.run(HttpRequest.GET("/cluster")).assertStatusCode(200).entityString();
        assertEquals(true, cluster.endsWith(",\"workerNodes\":0,\"workerActors\":0,\"chunksInFlight\":0,"
                + "\"tasksPerSecond\":0,\"jobStore\":\"failing: table gone\",\"workers\":[]}"), cluster);
    }

    @Test
    void aLongPollPastMaxWaitingRequestsIs503WithRetryAfter() {
        jobManager.with(InMemoryJobManager.job("j-1", JobState.RUNNING, 100, 10, 20)).waitingFull(2);
        assertRefused(api.run(HttpRequest.GET("/jobs/j-1?wait=10s")), 503,
                "{\"error\":\"2 requests wait for jobs or results already, at most 2 at once"
                        + " (compute.master.max-waiting-requests): try again shortly\"}")
                .assertHeaderExists("Retry-After", "5");
        // Without a wait, the status is answered as it is.
        api.run(HttpRequest.GET("/jobs/j-1")).assertStatusCode(200);
    }

    private static HttpRequest json(String body) {
        return HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON, body);
    }

    private static TestRouteResult assertRefused(TestRouteResult result, int status, String body) {
        return result.assertStatusCode(status).assertContentType(ContentTypes.APPLICATION_JSON).assertEntity(body);
    }
}
