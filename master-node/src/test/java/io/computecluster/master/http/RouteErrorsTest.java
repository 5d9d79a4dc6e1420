package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.job.JobState;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Errors as JSON with the right status: unknown jobs and paths, bad input (with its line), results
 * asked too early, and a job manager that does not answer in time.
 */
class RouteErrorsTest {
    private static final JUnit5RouteTest kit = new JUnit5RouteTest();
    private static final String UNKNOWN = "{\"error\":\"unknown job 'j-nosuchjob'\"}";
    private static final String NOT_IN_TIME = "{\"error\":\"the job manager did not answer in time\"}";

    private final InMemoryJobManager jobManager = new InMemoryJobManager()
            .with(InMemoryJobManager.job("j-running", JobState.RUNNING, 100, 10, 20))
            .with(InMemoryJobManager.job("j-cancelled", JobState.CANCELLED, 100, 10, 20));
    private final TestRoute api = new ApiFixture(kit).route(jobManager);

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void anUnknownJobIs404WhateverIsAskedOfIt() {
        assertError(api.run(HttpRequest.GET("/jobs/j-nosuchjob")), 404, UNKNOWN);
        assertError(api.run(HttpRequest.GET("/jobs/j-nosuchjob?wait=1s")), 404, UNKNOWN);
        assertError(api.run(HttpRequest.DELETE("/jobs/j-nosuchjob")), 404, UNKNOWN);
        assertError(api.run(HttpRequest.GET("/jobs/j-nosuchjob/results")), 404, UNKNOWN);
        assertError(api.run(HttpRequest.GET("/jobs/j-nosuchjob/results?follow=true")), 404, UNKNOWN);
    }

    @Test
    void badInputIs400WithItsLine() {
        assertError(api.run(HttpRequest.POST("/jobs?function=square")
                .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "1\n\n2\nthree\n")), 400,
                "{\"error\":\"line 4: not an integer: 'three'\",\"line\":4}");
        assertError(api.run(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON,
                "{\"inputs\":[\"1\",\"x\"]}")), 400, "{\"error\":\"inputs[1]: not an integer: 'x'\",\"line\":2}");
        assertError(api.run(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON,
                "{\"function\":\"cube\",\"inputs\":[1]}")), 400, null);
        assertTrue(api.run(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON, "{\"range\":"))
                .assertStatusCode(400).entityString().startsWith("{\"error\":\"malformed JSON: "));
        assertError(api.run(HttpRequest.POST("/jobs").withEntity(
                MediaTypes.APPLICATION_XML.toContentTypeWithMissingCharset(), "<job/>".getBytes())), 415,
                "{\"error\":\"expected Content-Type application/json, application/x-ndjson or text/plain, got application/xml\"}");
        assertError(api.run(HttpRequest.GET("/jobs/j-running?wait=soon")), 400,
                "{\"error\":\"wait: expected a duration such as 500ms or 10s, got 'soon'\"}");
        assertError(api.run(HttpRequest.GET("/jobs/j-running?wait=61s")), 400,
                "{\"error\":\"wait: at most 60s, got '61s'\"}");
        assertEquals(List.of(), jobManager.submitted());
    }

    @Test
    void resultsOfAJobThatHasNotEndedOrWasCancelledAre409() {
        assertError(api.run(HttpRequest.GET("/jobs/j-running/results")), 409, "{\"error\":\"job j-running is RUNNING:"
                + " results are served once it has ended (or with ?follow=true)\"}");
        assertError(api.run(HttpRequest.GET("/jobs/j-cancelled/results")), 409,
                "{\"error\":\"job j-cancelled is CANCELLED: it has no results\"}");
        assertError(api.run(HttpRequest.GET("/jobs/j-cancelled/results?follow=true")), 409,
                "{\"error\":\"job j-cancelled is CANCELLED: it has no results\"}");
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() {
        assertError(api.run(HttpRequest.GET("/no/such/path")), 404,
                "{\"error\":\"The requested resource could not be found.\"}");
        assertError(api.run(HttpRequest.GET("/jobs/j-running/results/")), 404,
                "{\"error\":\"The requested resource could not be found.\"}");
        assertError(api.run(HttpRequest.create("/jobs/j-running").withMethod(HttpMethods.PUT)), 405,
                "{\"error\":\"HTTP method not allowed, supported methods: GET, DELETE\"}");
        assertError(api.run(HttpRequest.create("/jobs").withMethod(HttpMethods.PUT)), 405,
                "{\"error\":\"HTTP method not allowed, supported methods: GET, POST\"}");
    }

    @Test
    void aJobManagerThatDoesNotAnswerInTimeIs503AndTheClusterViewSaysSo() {
        jobManager.failing(new JobManagerGateway.NotAnswered("the job manager did not answer in time (job j-1)",
                new java.util.concurrent.TimeoutException("Ask timed out after [5000 ms]")));
        assertError(api.run(HttpRequest.GET("/jobs/j-running")), 503, NOT_IN_TIME);
        assertError(api.run(HttpRequest.GET("/jobs")), 503, NOT_IN_TIME);
        assertError(api.run(HttpRequest.DELETE("/jobs/j-running")), 503, NOT_IN_TIME);
        assertError(api.run(HttpRequest.GET("/jobs/j-running/results")), 503, NOT_IN_TIME);
        assertError(api.run(HttpRequest.GET("/cluster/throughput")), 503, NOT_IN_TIME);
        assertError(api.run(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON,
                "{\"range\":{\"from\":\"1\",\"to\":\"3\"}}")), 503, NOT_IN_TIME);
        assertError(api.run(HttpRequest.GET("/health")), 503,
                "{\"error\":\"the job manager does not answer: Ask timed out after [5000 ms]\"}");
        api.run(HttpRequest.GET("/cluster")).assertStatusCode(200).assertEntity("{\"self\":\"" + ApiFixture.MASTER
                + "\",\"leader\":\"" + ApiFixture.MASTER + "\",\"members\":[{\"address\":\"" + ApiFixture.MASTER
                + "\",\"host\":\"127.0.0.1\",\"port\":25520,\"roles\":[\"master\"],\"status\":\"Up\",\"reachable\":true},"
                + "{\"address\":\"" + ApiFixture.WORKER + "\",\"host\":\"127.0.0.1\",\"port\":40001,\"roles\":[\"worker\"],"
                + "\"status\":\"Up\",\"reachable\":false}],"
                + "\"jobManager\":\"unreachable: Ask timed out after [5000 ms]\"}");
    }

    @Test
    void theAskingGatewayTimesOutASilentJobManagerInto503s() {
        TestProbe<MasterCommand> silent = kit.testKit().createTestProbe();
        Duration short_ = Duration.ofMillis(200);
        // No submission in this test: the gateway is asked nothing that stores a job.
        JobManagerGateway gateway = new AskingJobManagerGateway(silent.ref(), kit.testKit().scheduler(), null,
                new AskingJobManagerGateway.Timeouts(short_, short_, short_));
        TestRoute asking = new ApiFixture(kit).route(gateway);
        assertError(asking.run(HttpRequest.GET("/jobs/j-1")), 503, NOT_IN_TIME);
        String health = asking.run(HttpRequest.GET("/health")).assertStatusCode(503).entityString();
        assertTrue(health.startsWith("{\"error\":\"the job manager does not answer: Ask timed out on ["), health);
        String cluster = asking.run(HttpRequest.GET("/cluster")).assertStatusCode(200).entityString();
        assertTrue(cluster.contains(",\"jobManager\":\"unreachable: Ask timed out on ["), cluster);
    }

    private static void assertError(TestRouteResult result, int status, String body) {
        result.assertStatusCode(status).assertContentType(ContentTypes.APPLICATION_JSON);
        if (body != null) {
            result.assertEntity(body);
        } else {
            assertTrue(result.entityString().startsWith("{\"error\":\""), result.entityString());
        }
    }
}
