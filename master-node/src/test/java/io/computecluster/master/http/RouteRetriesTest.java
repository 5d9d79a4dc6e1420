package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.computecluster.master.job.JobState;
import io.computecluster.master.manager.JobManagerProtocol;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Safe retries: a submission repeated with its Idempotency-Key, a download taken up again from a line. */
class RouteRetriesTest {
    private static final JUnit5RouteTest kit = new JUnit5RouteTest();
    private static final String RANGE = "{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"9\"}}";

    private final InMemoryJobManager jobManager = new InMemoryJobManager();

    @AfterAll
    static void stop() {
        kit.close();
    }

    private static HttpRequest keyed(HttpRequest request, String key) {
        return request.addHeader(RawHeader.create("Idempotency-Key", key));
    }

    @Test
    void aRepeatedKeyIsAnsweredWithTheFirstJobWithoutReadingTheBody() {
        TestRoute api = new ApiFixture(kit).route(jobManager);
        TestRouteResult first = api.run(keyed(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON,
                RANGE), "retry-1"));
        first.assertStatusCode(202).assertEntity("{\"id\":\"j-000000000001\"}");
        assertEquals(Optional.empty(), first.response().getHeader("Idempotent-Replayed"));

        // The retry's body is not even JSON: it is not read.
        TestRouteResult again = api.run(keyed(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON,
                "not read"), "retry-1"));
        again.assertStatusCode(202).assertContentType(ContentTypes.APPLICATION_JSON)
                .assertEntity("{\"id\":\"j-000000000001\"}").assertHeaderExists("Idempotent-Replayed", "true");
        assertEquals("/jobs/j-000000000001", again.header(Location.class).getUri().toString());
        // A streamed body with the same key: the same job.
        api.run(keyed(HttpRequest.POST("/jobs?function=square").withEntity(ContentTypes.TEXT_PLAIN_UTF8, "1\n2\n"),
                "retry-1")).assertStatusCode(202).assertEntity("{\"id\":\"j-000000000001\"}")
                .assertHeaderExists("Idempotent-Replayed", "true");
        assertEquals(1, jobManager.submitted().size());

        // A streamed body with a key of its own is a job of its own, and its retry gets it.
        api.run(keyed(HttpRequest.POST("/jobs?function=square").withEntity(ContentTypes.TEXT_PLAIN_UTF8, "1\n2\n"),
                "retry-2")).assertStatusCode(202).assertEntity("{\"id\":\"j-000000000002\"}");
        api.run(keyed(HttpRequest.POST("/jobs?function=square").withEntity(ContentTypes.TEXT_PLAIN_UTF8, "3\n"),
                "retry-2")).assertStatusCode(202).assertEntity("{\"id\":\"j-000000000002\"}")
                .assertHeaderExists("Idempotent-Replayed", "true");
        assertEquals(2, jobManager.submitted().size());
        assertEquals(List.of("keptJob retry-1", "keptJob retry-1", "keptJob retry-1", "keptJob retry-2",
                "keptJob retry-2"), jobManager.asked().stream().filter(asked -> asked.startsWith("keptJob")).toList());
    }

    @Test
    void aRaceTheJobManagerSettlesIsAnsweredAsAReplayToo() {
        jobManager.answeringSubmit(new JobManagerProtocol.Accepted("j-00000000000a", true));
        new ApiFixture(kit).route(jobManager).run(keyed(HttpRequest.POST("/jobs")
                        .withEntity(ContentTypes.APPLICATION_JSON, RANGE), "raced"))
                .assertStatusCode(202).assertEntity("{\"id\":\"j-00000000000a\"}")
                .assertHeaderExists("Idempotent-Replayed", "true");
    }

    @Test
    void aBadKeyIsRefusedBeforeAnythingIsAsked() {
        TestRoute api = new ApiFixture(kit).route(jobManager);
        api.run(keyed(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON, RANGE), "k".repeat(300)))
                .assertStatusCode(400).assertEntity("{\"error\":\"Idempotency-Key: expected 1 to 255 visible ASCII"
                        + " characters, got 300 characters\"}");
        api.run(keyed(HttpRequest.POST("/jobs").withEntity(ContentTypes.APPLICATION_JSON, RANGE), "a b"))
                .assertStatusCode(400).assertEntity("{\"error\":\"Idempotency-Key: expected 1 to 255 visible ASCII"
                        + " characters, got character U+0020 at position 2\"}");
        assertEquals(List.of(), jobManager.asked());
    }

    @Test
    void resultsFromALineStartAtThatLineInEveryWayTheyAreServed() {
        // One chunk, answered whole.
        jobManager.with(InMemoryJobManager.job("j-one", JobState.SUCCEEDED, 3, 10, 3));
        new ApiFixture(kit).results(InMemoryJobManager.reader(3, 10)).route(jobManager)
                .run(HttpRequest.GET("/jobs/j-one/results?from=1")).assertStatusCode(200)
                .assertEntity("2\t4\n3\t9\n");
        // 7 chunks of 3, listed in the answer: from line 7, chunk 2 without its first line.
        jobManager.with(InMemoryJobManager.job("j-few", JobState.SUCCEEDED, 20, 3, 20));
        TestRoute few = new ApiFixture(kit).results(InMemoryJobManager.reader(20, 3)).route(jobManager);
        few.run(HttpRequest.GET("/jobs/j-few/results?from=7")).assertStatusCode(200)
                .assertEntity(InMemoryJobManager.squares(8, 20));
        few.run(HttpRequest.GET("/jobs/j-few/results?from=19&format=jsonl")).assertStatusCode(200)
                .assertEntity(InMemoryJobManager.squares(20, 20));
        // 2,500 chunks of 1: where they are is asked from the start's chunk on, none before.
        jobManager.with(InMemoryJobManager.job("j-many", JobState.SUCCEEDED, 2500, 1, 2500));
        new ApiFixture(kit).results(InMemoryJobManager.reader(2500, 1)).route(jobManager)
                .run(HttpRequest.GET("/jobs/j-many/results?from=2000")).assertStatusCode(200)
                .assertEntity(InMemoryJobManager.squares(2001, 2500));
        assertEquals(List.of("storedIn j-many 2000 500"),
                jobManager.asked().stream().filter(asked -> asked.startsWith("storedIn")).toList());
        // Followed: the chunks before the start's are not awaited.
        jobManager.with(InMemoryJobManager.job("j-running", JobState.RUNNING, 25, 10, 0));
        new ApiFixture(kit).results(InMemoryJobManager.reader(25, 10)).route(jobManager)
                .run(HttpRequest.GET("/jobs/j-running/results?follow=true&from=12")).assertStatusCode(200)
                .assertEntity(InMemoryJobManager.squares(13, 25));
        assertEquals(List.of("awaitChunk j-running 1", "awaitChunk j-running 2"),
                jobManager.asked().stream().filter(asked -> asked.startsWith("awaitChunk")).sorted().toList());
        assertFalse(jobManager.asked().contains("awaitChunk j-running 0"));
    }

    @Test
    void resultsFromTheLastLineOnAreEmptyAndABadStartIsRefused() {
        jobManager.with(InMemoryJobManager.job("j-few", JobState.SUCCEEDED, 20, 3, 20));
        jobManager.with(InMemoryJobManager.job("j-running", JobState.RUNNING, 25, 10, 0));
        TestRoute api = new ApiFixture(kit).results(InMemoryJobManager.reader(20, 3)).route(jobManager);
        api.run(HttpRequest.GET("/jobs/j-few/results?from=20")).assertStatusCode(200)
                .assertContentType(ContentTypes.TEXT_PLAIN_UTF8).assertEntity("");
        api.run(HttpRequest.GET("/jobs/j-few/results?from=999999")).assertStatusCode(200).assertEntity("");
        api.run(HttpRequest.GET("/jobs/j-running/results?follow=true&from=25")).assertStatusCode(200)
                .assertEntity("");
        api.run(HttpRequest.GET("/jobs/j-few/results?from=-1")).assertStatusCode(400)
                .assertEntity("{\"error\":\"from: expected a line number from 0, got '-1'\"}");
        api.run(HttpRequest.GET("/jobs/j-few/results?from=x&follow=true")).assertStatusCode(400)
                .assertEntity("{\"error\":\"from: expected a line number from 0, got 'x'\"}");
    }
}
