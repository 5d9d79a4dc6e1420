package io.computecluster.master.http;

import io.computecluster.api.ClusterStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRoute;

/** The HTTP API over in-memory answers, as route tests build it: what a master node would serve, without one. */
final class ApiFixture {
    static final String TOKEN = "t0ken-for-tests_7f3a";
    static final String MASTER = "pekko://compute-cluster@127.0.0.1:25520";
    static final String WORKER = "pekko://compute-cluster@127.0.0.1:40001";
    static final MembershipSnapshot UP = new MembershipSnapshot(MASTER, true, "Up", MASTER, List.of(
            new ClusterStatus.Member(MASTER, "127.0.0.1", 25520, List.of("master"), "Up", true),
            new ClusterStatus.Member(WORKER, "127.0.0.1", 40001, List.of("worker"), "Up", false)));
    static final String METRICS = "# TYPE compute_inputs_completed_total counter\ncompute_inputs_completed_total 7.0\n";

    private final JUnit5RouteTest kit;
    private Optional<ApiToken> token = Optional.empty();
    private long maxRequestBytes = 128 * 1024;
    private int maxInputs = 1000;
    private ResultReader reader = InMemoryJobManager.reader(0, 1);
    private Supplier<MembershipSnapshot> membership = () -> UP;

    ApiFixture(JUnit5RouteTest kit) {
        this.kit = kit;
    }

    ApiFixture withToken() {
        token = Optional.of(new ApiToken(Path.of("api-token"), TOKEN));
        return this;
    }

    ApiFixture maxRequestBytes(long bytes) {
        maxRequestBytes = bytes;
        return this;
    }

    ApiFixture maxInputs(int inputs) {
        maxInputs = inputs;
        return this;
    }

    ApiFixture results(ResultReader reader) {
        this.reader = reader;
        return this;
    }

    ApiFixture membership(MembershipSnapshot snapshot) {
        membership = () -> snapshot;
        return this;
    }

    HttpApiSettings settings() {
        return new HttpApiSettings(token, maxRequestBytes, Duration.ofSeconds(5), 10_000, 100_000, maxInputs,
                1_000_000_000L, 10_000, 1_000_000, 96 * 1024);
    }

    TestRoute route(JobManagerGateway jobManager) {
        HttpApi api = new HttpApi(settings(), jobManager, reader, membership, () -> METRICS,
                kit.testKit().system().dispatchers().lookup(DispatcherSelector.blocking()), Duration.ofSeconds(20));
        return kit.testRoute(api.route());
    }

    static HttpRequest authorised(HttpRequest request) {
        return request.addHeader(RawHeader.create("Authorization", "Bearer " + TOKEN));
    }
}
