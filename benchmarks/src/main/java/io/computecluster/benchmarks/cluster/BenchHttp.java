package io.computecluster.benchmarks.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.api.JobStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The job requests the benchmark times, over one keep-alive HTTP/1.1 {@link HttpClient}: submit,
 * status with the long-poll {@code wait} parameter, results, the job list and cancel.
 */
final class BenchHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** What {@code GET /jobs/{id}?wait=} asks the master to wait for at most. */
    static final int WAIT_SECONDS = 10;

    private final URI api;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE, true);

    BenchHttp(URI api) {
        this.api = api;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code POST /jobs} with a JSON body; returns the job id. */
    String submit(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/jobs")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        expect(response, 202, "POST /jobs");
        return json.readTree(response.body()).path("id").asText();
    }

    /** {@code GET /jobs/{id}}, with {@code ?wait=Ns} when {@code waitSeconds} &gt; 0. */
    JobStatus status(String id, int waitSeconds) throws IOException, InterruptedException {
        String path = "/jobs/" + id + (waitSeconds > 0 ? "?wait=" + waitSeconds + "s" : "");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build());
        expect(response, 200, "GET " + path);
        return json.readValue(response.body(), JobStatus.class);
    }

    /**
     * Waits until the job has ended: long-polls with {@code wait}, and when the answer still says it
     * runs, asks again after {@code pauseMillis} (0: at once).
     */
    JobStatus awaitEnd(String id, long pauseMillis, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobStatus status = status(id, WAIT_SECONDS);
            if (status.state().isFinal()) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("job " + id + " did not end within " + timeout.toSeconds() + " s (it is "
                        + status.state() + ", " + status.done() + " of " + status.total() + " done)");
            }
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }

    /** {@code GET /jobs/{id}/results} as a stream the caller closes. */
    InputStream results(String id) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/jobs/" + id + "/results"))
                .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
            }
            throw new IOException("GET /jobs/" + id + "/results answered " + response.statusCode() + ": " + body);
        }
        return response.body();
    }

    /** {@code GET /jobs/{id}/results} read whole. */
    String resultsText(String id) throws IOException, InterruptedException {
        try (InputStream in = results(id)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code GET /jobs}: the jobs array, newest first. */
    JsonNode jobs() throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/jobs")).timeout(TIMEOUT).GET().build());
        expect(response, 200, "GET /jobs");
        return json.readTree(response.body()).path("jobs");
    }

    JobStatus toStatus(JsonNode node) throws IOException {
        return json.treeToValue(node, JobStatus.class);
    }

    /** {@code DELETE /jobs/{id}}: cancels a running job, forgets an ended one. */
    void delete(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/jobs/" + id)).timeout(TIMEOUT)
                .DELETE().build());
        expect(response, 200, "DELETE /jobs/" + id);
    }

    /** Deletes an ended job; one already gone (an earlier DELETE found it ended and forgot it) is fine. */
    void forget(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/jobs/" + id)).timeout(TIMEOUT)
                .DELETE().build());
        if (response.statusCode() != 404) {
            expect(response, 200, "DELETE /jobs/" + id);
        }
    }

    private URI uri(String path) {
        return URI.create(api + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new IOException(what + " answered " + response.statusCode() + ": "
                    + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
    }
}
