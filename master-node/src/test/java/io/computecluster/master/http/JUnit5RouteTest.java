package io.computecluster.master.http;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Assertions;
import scala.concurrent.Future;

/**
 * Pekko HTTP's route testkit for JUnit 5 ({@code JUnitRouteTest} is JUnit 4's): routes run
 * against requests in memory, on a local actor system (no cluster, no port), and the testkit's
 * assertions fail through JUnit 5. Close it once the tests are done.
 */
final class JUnit5RouteTest extends RouteTest implements AutoCloseable {
    private final ActorTestKit testKit = ActorTestKit.create("route-test",
            ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING"));

    ActorTestKit testKit() {
        return testKit;
    }

    @Override
    public org.apache.pekko.actor.ActorSystem system() {
        return Adapter.toClassic(testKit.system());
    }

    @Override
    public Materializer materializer() {
        return Materializer.matFromSystem(testKit.system());
    }

    @Override
    public TestRouteResult createTestRouteResultAsync(HttpRequest request, Future<RouteResult> result) {
        return new TestRouteResult(result, awaitDuration(), executionContext(), materializer()) {
            @Override
            public void fail(String message) {
                Assertions.fail(message);
            }

            @Override
            public void assertEquals(Object expected, Object actual, String message) {
                Assertions.assertEquals(expected, actual, message);
            }

            @Override
            public void assertEquals(int expected, int actual, String message) {
                Assertions.assertEquals(expected, actual, message);
            }

            @Override
            public void assertTrue(boolean predicate, String message) {
                Assertions.assertTrue(predicate, message);
            }
        };
    }

    /**
     * The response as the server would send it, its entity not made strict (the testkit's results
     * are): whether it is streamed, say. Its entity is discarded.
     */
    HttpResponse unread(Route route, HttpRequest request) throws Exception {
        HttpResponse response = route.seal().handler(system()).apply(request).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        response.discardEntityBytes(materializer());
        return response;
    }

    @Override
    public void close() {
        testKit.shutdownTestKit();
    }
}
