package io.computecluster.master.http;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The status page's files from the jar (open: the page asks for the token, then reads the same
 * JSON API as scripts do), and {@code GET /metrics} in the Prometheus text format.
 */
final class PageRoutes extends AllDirectives {
    /** The Prometheus text exposition format, version 0.0.4. */
    private static final ContentType.NonBinary PROMETHEUS_TEXT = ContentTypes.create(
            MediaTypes.customWithOpenCharset("text", "plain", Map.of("version", "0.0.4"), false), HttpCharsets.UTF_8);

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
        return path("metrics", () -> get(() -> complete(HttpResponse.create()
                .withEntity(HttpEntities.create(PROMETHEUS_TEXT, metrics.get())))));
    }
}
