package io.computecluster.common.metrics;

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

/** {@code GET /metrics} in the Prometheus text format: on a master's API port and every node's management port. */
public final class MetricsRoute extends AllDirectives {
    /** The Prometheus text exposition format, version 0.0.4. */
    private static final ContentType.NonBinary PROMETHEUS_TEXT = ContentTypes.create(
            MediaTypes.customWithOpenCharset("text", "plain", Map.of("version", "0.0.4"), false), HttpCharsets.UTF_8);

    private MetricsRoute() {
    }

    /** Serves what {@code scrape} gives at the time of each request. */
    public static Route of(Supplier<String> scrape) {
        return new MetricsRoute().route(scrape);
    }

    private Route route(Supplier<String> scrape) {
        return path("metrics", () -> get(() -> complete(HttpResponse.create()
                .withEntity(HttpEntities.create(PROMETHEUS_TEXT, scrape.get())))));
    }
}
