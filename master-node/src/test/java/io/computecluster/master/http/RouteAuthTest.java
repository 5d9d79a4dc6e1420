package io.computecluster.master.http;

import static io.computecluster.master.http.ApiFixture.TOKEN;
import static io.computecluster.master.http.ApiFixture.authorised;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Who gets in: the bearer token on every path but health and the status page's files. */
class RouteAuthTest {
    private static final JUnit5RouteTest kit = new JUnit5RouteTest();
    private static final String MISSING = "{\"error\":\"missing API token: this master asks for the header"
            + " Authorization: Bearer <token>\"}";
    private static final String NOT_VALID = "{\"error\":\"the API token is not valid\"}";
    private static final String NOT_BEARER = "{\"error\":\"expected Authorization: Bearer <token>\"}";

    private final InMemoryJobManager jobManager = new InMemoryJobManager()
            .with(InMemoryJobManager.job("j-1", io.computecluster.master.job.JobState.SUCCEEDED, 4, 2, 4));
    private final TestRoute protectedApi = new ApiFixture(kit).withToken()
            .results(InMemoryJobManager.reader(4, 2)).route(jobManager);

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void withoutATokenEveryRequestButTheOpenOnesIs401WithABearerChallengeAndReachesNothing() {
        for (String path : List.of("/jobs", "/jobs/j-1", "/jobs/j-1/results", "/cluster", "/cluster/throughput",
                "/metrics", "/no/such/path", "/missing.js")) {
            assertUnauthorised(protectedApi.run(HttpRequest.GET(path)), MISSING);
        }
        assertUnauthorised(protectedApi.run(HttpRequest.POST("/jobs")
                .withEntity(ContentTypes.APPLICATION_JSON, "{\"range\":{\"from\":\"1\",\"to\":\"3\"}}")), MISSING);
        assertUnauthorised(protectedApi.run(HttpRequest.DELETE("/jobs/j-1")), MISSING);
        assertEquals(List.of(), jobManager.asked(), "nothing reached the job manager");
    }

    @Test
    void aWrongTokenOrAnotherSchemeIs401() {
        assertUnauthorised(run("Bearer " + TOKEN + "x"), NOT_VALID);
        assertUnauthorised(run("Bearer " + TOKEN.substring(1)), NOT_VALID);
        assertUnauthorised(run("Basic " + TOKEN), NOT_BEARER);
        assertUnauthorised(run("Bearer"), NOT_BEARER);
        assertUnauthorised(run("Bearer " + TOKEN + " extra"), NOT_BEARER);
    }

    @Test
    void theRightTokenInAnyCaseOfTheSchemeGetsIn() {
        protectedApi.run(authorised(HttpRequest.GET("/jobs"))).assertStatusCode(200);
        run("bearer " + TOKEN).assertStatusCode(200);
        run("BEARER  " + TOKEN + " ").assertStatusCode(200);
        protectedApi.run(authorised(HttpRequest.GET("/jobs/j-1/results"))).assertStatusCode(200)
                .assertEntity("1\t1\n2\t4\n3\t9\n4\t16\n");
        protectedApi.run(authorised(HttpRequest.GET("/metrics"))).assertStatusCode(200);
        protectedApi.run(authorised(HttpRequest.GET("/no/such/path"))).assertStatusCode(404)
                .assertEntity("{\"error\":\"The requested resource could not be found.\"}");
    }

    @Test
    void healthAndTheStatusPagesFilesAreOpen() {
        protectedApi.run(HttpRequest.GET("/health")).assertStatusCode(200)
                .assertEntity("{\"status\":\"UP\",\"member\":\"Up\",\"workerActors\":2}");
        for (String path : List.of("/", "/app.js", "/style.css")) {
            TestRouteResult file = protectedApi.run(HttpRequest.GET(path));
            assertEquals(200, file.statusCode(), path);
            assertTrue(file.entityString().length() > 100, path);
        }
        assertTrue(protectedApi.run(HttpRequest.GET("/")).contentTypeString().startsWith("text/html"));
        assertTrue(protectedApi.run(HttpRequest.GET("/app.js")).contentTypeString().contains("javascript"));
    }

    @Test
    void withoutATokenConfiguredTheApiIsOpen() {
        TestRoute open = new ApiFixture(kit).route(jobManager);
        open.run(HttpRequest.GET("/jobs")).assertStatusCode(200);
        open.run(HttpRequest.GET("/jobs").addHeader(RawHeader.create("Authorization", "Bearer anything")))
                .assertStatusCode(200);
        open.run(HttpRequest.GET("/missing.js")).assertStatusCode(404);
    }

    private TestRouteResult run(String authorization) {
        return protectedApi.run(HttpRequest.GET("/jobs").addHeader(RawHeader.create("Authorization", authorization)));
    }

    private static void assertUnauthorised(TestRouteResult result, String body) {
        result.assertStatusCode(401)
                .assertHeaderExists("WWW-Authenticate", "Bearer realm=\"compute-cluster\"")
                .assertContentType(ContentTypes.APPLICATION_JSON)
                .assertEntity(body);
    }
}
