package io.computecluster.compute;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.api.ClusterStatus;
import io.computecluster.api.FunctionList;
import io.computecluster.api.JobStatus;
import io.computecluster.compute.http.ApiClient;
import io.computecluster.compute.http.JobOptions;
import io.computecluster.compute.http.MasterFailover;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of a compute cluster's masters, for applications: submit jobs, wait for them, stream
 * their typed results, cancel them. Requests go to the first master that answers and on to the
 * next (a standby) when it stops answering; a submit sent again carries the same idempotency key,
 * so it never makes a second job. Safe for several threads; close it to stop its threads.
 *
 * <pre>{@code
 * try (ComputeClient cluster = ComputeClient.builder().masters("http://m1:8080", "http://m2:8080").build()) {
 *     Job job = cluster.submit(JobRequest.of("sha256", Inputs.of(lines)));
 *     try (Results<String, String> results = job.results(ValueType.TEXT, ValueType.TEXT)) {
 *         results.forEachRemaining(r -> System.out.println(r.input() + " " + r.value()));
 *     }
 * }
 * }</pre>
 *
 * <p>Failures are unchecked {@link ComputeException}s.
 */
public final class ComputeClient implements AutoCloseable {
    private final MasterFailover masters;
    private final ObjectMapper json;
    private final ExecutorService threads;

    private ComputeClient(Builder builder) {
        List<ApiClient> clients = builder.masters.stream()
                .map(uri -> new ApiClient(uri, builder.token, builder.tls)).toList();
        Duration patience = builder.patience != null ? builder.patience
                : clients.size() > 1 ? MasterFailover.DEFAULT_PATIENCE : Duration.ZERO;
        this.masters = new MasterFailover(clients, patience, builder.notices);
        this.json = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "compute-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A client of the masters at {@code urls}, such as {@code http://127.0.0.1:8080}, with no token. */
    public static ComputeClient connect(String... urls) {
        return builder().masters(urls).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Submits a job and returns it once a master has taken it (stored it); it runs while the
     * application goes on. Inputs that are values or a file are streamed as they are read.
     */
    public Job submit(JobRequest request) {
        String key = request.idempotencyKey() != null ? request.idempotencyKey() : UUID.randomUUID().toString();
        JobOptions options = new JobOptions(request.function(), args(request.args()), request.chunkSize(),
                request.taskTimeout() == null ? null : request.taskTimeout().toMillis() + "ms", key);
        Inputs inputs = request.inputs();
        String id;
        if (inputs instanceof Inputs.Range range) {
            id = call(master -> master.submitRange(options, range.from(), range.to()));
        } else if (inputs instanceof Inputs.Values values) {
            // A fresh body for each attempt: the values are iterated again.
            id = call(master -> master.submitLines(options, true,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new JsonLinesBody(values.iterator().get(), json))));
        } else {
            Inputs.File file = (Inputs.File) inputs;
            id = call(master -> master.submitLines(options, file.jsonLines(), ofFile(file.path())));
        }
        return new Job(this, id);
    }

    private static HttpRequest.BodyPublisher ofFile(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("inputs: no such file: " + file, e);
        }
    }

    /** {@link #submit} on the client's threads. */
    public CompletableFuture<Job> submitAsync(JobRequest request) {
        return async(() -> submit(request));
    }

    /** The job with id {@code id}, submitted before (by this application or another). */
    public Job job(String id) {
        return new Job(this, id);
    }

    /** The jobs the master knows, newest first. */
    public List<JobStatus> jobs() {
        return call(ApiClient::jobs);
    }

    /** Every function version the workers have offered, with the nodes offering it now. */
    public List<FunctionList.Function> functions() {
        return call(ApiClient::functions).functions();
    }

    /** The cluster's members and worker capacity, as the master sees them. */
    public ClusterStatus cluster() {
        return call(ApiClient::cluster);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    MasterFailover masters() {
        return masters;
    }

    ObjectMapper json() {
        return json;
    }

    <T> T call(MasterFailover.Call<T> call) {
        return call(call, Duration.ZERO);
    }

    <T> T call(MasterFailover.Call<T> call, Duration atLeast) {
        return unchecked(() -> masters.call(call, atLeast));
    }

    /** Work on the wire, whose checked failures the application's API throws as {@link ComputeException}s. */
    @FunctionalInterface
    interface Wire<T> {
        T run() throws IOException, InterruptedException;
    }

    static <T> T unchecked(Wire<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw ComputeException.of(e);
        } catch (InterruptedException e) {
            throw ComputeException.interrupted(e);
        }
    }

    <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, threads);
    }

    /** The arguments as compact JSON: an object, or what Jackson writes as one. */
    private String args(Object args) {
        if (args == null) {
            return null;
        }
        JsonNode tree = args instanceof String text ? readArgs(text) : json.valueToTree(args);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("args: expected a JSON object, got " + tree.getNodeType());
        }
        return tree.toString();
    }

    private JsonNode readArgs(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("args: not JSON: " + e.getMessage(), e);
        }
    }

    /** How to reach the masters. */
    public static final class Builder {
        private final List<URI> masters = new ArrayList<>();
        private String token;
        private SSLContext tls;
        private Duration patience;
        private Consumer<String> notices = notice -> System.getLogger(ComputeClient.class.getName())
                .log(System.Logger.Level.INFO, notice);

        private Builder() {
        }

        /**
         * The masters' API URLs, such as {@code http://m1:8080}: the first is asked first, the
         * others when it stops answering (standby masters). A URL may also list several separated by commas.
         */
        public Builder masters(String... urls) {
            Arrays.stream(urls).flatMap(url -> Arrays.stream(url.split(","))).map(String::strip)
                    .filter(url -> !url.isEmpty()).map(URI::create).forEach(masters::add);
            return this;
        }

        /** As {@link #masters(String...)}. */
        public Builder masters(List<URI> urls) {
            masters.addAll(urls);
            return this;
        }

        /** The API token a protected master asks for, sent as {@code Authorization: Bearer}. */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token").strip();
            return this;
        }

        /** The API token from a file (its first line, trimmed). */
        public Builder tokenFile(Path file) {
            try {
                return token(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalArgumentException("token file " + file + ": cannot read: " + e.getMessage(), e);
            }
        }

        /** Trusts the HTTPS certificates {@code tls} trusts, rather than the JVM's default trust store. */
        public Builder tls(SSLContext tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** Trusts the certificates in a PKCS12 trust store, such as {@code conf/tls/truststore.p12}. */
        public Builder trustStore(Path file, char[] password) {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password);
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return tls(context);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("trust store " + file + ": " + e.getMessage(), e);
            }
        }

        /**
         * How long to keep trying the masters in turn while none answers: 60 s by default with
         * several, none with one (its failure is thrown at once).
         */
        public Builder failoverPatience(Duration patience) {
            this.patience = Objects.requireNonNull(patience, "patience");
            return this;
        }

        /** Where to tell of each switch to another master (default: {@link System.Logger}, INFO). */
        public Builder onFailover(Consumer<String> notices) {
            this.notices = Objects.requireNonNull(notices, "notices");
            return this;
        }

        public ComputeClient build() {
            if (masters.isEmpty()) {
                throw new IllegalArgumentException("masters: at least one master URL is required");
            }
            return new ComputeClient(this);
        }
    }
}
