package io.computecluster.master.http;

import io.computecluster.common.metrics.MetricsRoute;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The status page's files from the jar (open: the page asks for the token, then reads the same
 * JSON API as scripts do), and {@code GET /metrics} in the Prometheus text format.
 */
final class PageRoutes extends AllDirectives {
    private final Supplier<String> metrics;

    PageRoutes(Supplier<String> metrics) {
        this.metrics = metrics;
    }

    Route files() {
        return get(() -> concat(
                pathSingleSlash(() -> getFromResource("web/index.html")),
                path("app.js", () -> getFromResource("web/app.js")),
                path("style.css", () -> getFromResource("web/style.css"))));
    }

    Route metrics() {
        return MetricsRoute.of(metrics);
    }
}
