package io.computecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.testkit.TestHttp;
import io.computecluster.common.testkit.TestJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The API's limits on a master started with {@code bin/master} and its settings given as
 * {@code -D} in JAVA_OPTS: a JSON body past {@code max-request-size} is a 413 whether its length is
 * announced or not, a job past {@code max-running-jobs} is a 429 with Retry-After, each one JSON
 * line naming the key; the master then still runs jobs to the end.
 */
class ApiLimitsIT {
    private static final int MAX_REQUEST_BYTES = 65_536;
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void pastMaxRequestSizeIs413AndPastMaxRunningJobsIs429ThenJobsComplete() throws IOException {
        try (Installation installation = new Installation("api-limits")) {
            installation.environment("JAVA_OPTS", "-Xmx512m -Dcompute.master.max-request-size=" + MAX_REQUEST_BYTES
                    + " -Dcompute.master.max-running-jobs=1");
            Installation.StartedMaster master = installation.startMaster();
            installation.environment("JAVA_OPTS", "-Xmx512m");
            String api = master.api();
            // No worker yet: the first job stays queued, so the second is past max-running-jobs for sure.
            installation.awaitBody(api + "/health", "\"status\":\"UP\"", Duration.ofMinutes(2));

            String tooLarge = "request body larger than " + MAX_REQUEST_BYTES + " bytes (compute.master.max-request-size)";
            // A JSON body is read whole, so it is limited (a text body is streamed into the job store).
            byte[] oversize = ("{\"inputs\":[1" + " ".repeat(MAX_REQUEST_BYTES + 1024) + "]}")
                    .getBytes(StandardCharsets.US_ASCII);
            assertRefused(send(post(api, "application/json", HttpRequest.BodyPublishers.ofByteArray(oversize))),
                    413, tooLarge);
            assertRefused(send(post(api, "application/json",
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversize)))), 413, tooLarge);

            String range = "{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"5000\"},\"chunkSize\":500}";
            HttpResponse<String> first = send(post(api, "application/json", HttpRequest.BodyPublishers.ofString(range)));
            assertEquals(202, first.statusCode(), first.body());
            HttpResponse<String> busy = send(post(api, "application/json", HttpRequest.BodyPublishers.ofString(range)));
            assertRefused(busy, 429, "1 jobs are queued or running, at most 1 at once"
                    + " (compute.master.max-running-jobs): try again once one has ended");
            assertEquals("5", busy.headers().firstValue("Retry-After").orElse(""), busy.headers().toString());

            // A worker joins: the queued job completes, and the next one is accepted and completes.
            installation.start("worker", "worker", "--seed", master.seed(), "--workers", "2");
            String firstId = id(first);
            installation.awaitBody(api + "/jobs/" + firstId + "?wait=2s", "\"state\":\"SUCCEEDED\"", COMMAND_TIMEOUT);
            Path results = installation.workDir().resolve("results.tsv");
            int exit = installation.run("submit", COMMAND_TIMEOUT, "submit", "--api", api, "--range", "1..20000",
                    "--out", results.toString(), "--no-progress");
            assertEquals(0, exit, installation.outputOf("submit"));
            assertEquals(20000, Files.readAllLines(results).size());
            String masterOutput = installation.outputOf("master");
            assertFalse(masterOutput.contains("ERROR"), "no error logged for a refused request: " + masterOutput);
        }
    }

    private static HttpRequest post(String api, String contentType, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(api + "/jobs")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(body).build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        return TestHttp.send(http, request);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("{\"error\":\"" + message + "\"}", response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
    }

    private static String id(HttpResponse<String> submitted) {
        return TestJson.id(submitted.body());
    }
}
