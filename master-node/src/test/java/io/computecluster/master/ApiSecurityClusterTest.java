package io.computecluster.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.node.BoundPorts;
import io.computecluster.common.testkit.ClusterTestKit;
import io.computecluster.common.testkit.TestHttp;
import io.computecluster.worker.WorkerRole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master with an API token and small limits, in a real cluster, spoken to over HTTP: who gets
 * in, what is refused and how, and that hostile clients do not keep it from serving others.
 */
class ApiSecurityClusterTest {
    private static final String TOKEN = "t0ken-for-tests_7f3a";
    private static final int MAX_RUNNING_JOBS = 3;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(8);
    // Room for the 100,000 nested brackets below, small enough that going past it is cheap.
    private static final int MAX_REQUEST_BYTES = 128 * 1024;
    private static final int MAX_INPUTS = 1_000;
    private static final int MAX_RUNNING_LIST_INPUTS = 1_500;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final ClusterTestKit cluster = new ClusterTestKit();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static int port;
    private static String api;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("api-token"), TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        // Port 0: the master binds a free one and names it.
        var master = cluster.start(new MasterRole(), "master.conf", Map.of(
                "compute.master.http.port", 0,
                "compute.master.api.token-file", tokenFile.toString(),
                "compute.master.max-running-jobs", MAX_RUNNING_JOBS,
                "compute.master.max-request-size", MAX_REQUEST_BYTES,
                "compute.master.max-inputs", MAX_INPUTS,
                "compute.master.max-running-list-inputs", MAX_RUNNING_LIST_INPUTS,
                "compute.master.request-body-timeout", BODY_TIMEOUT.toSeconds() + "s"));
        cluster.start(new WorkerRole(), "worker.conf", Map.of("compute.worker.workers", 2));
        cluster.awaitMembersUp(2, Duration.ofSeconds(30));
        URI bound = await().atMost(Duration.ofSeconds(30))
                .until(() -> BoundPorts.get(master).current().httpUri(), java.util.Optional::isPresent).orElseThrow();
        api = bound.toString();
        port = bound.getPort();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> send(authorised("/cluster").GET()).body().contains("\"workerActors\":2"));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    // --- the token ----------------------------------------------------------------------------

    @Test
    void requestsWithoutATokenAre401WithABearerChallenge() {
        for (String path : List.of("/jobs", "/jobs/j-any", "/jobs/j-any/results", "/cluster", "/cluster/throughput",
                "/metrics", "/no/such/path")) {
            HttpResponse<String> refused = send(request(path).GET());
            assertUnauthorised(refused, "missing API token");
        }
        assertUnauthorised(send(request("/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"range\":{\"from\":\"1\",\"to\":\"3\"}}"))),
                "missing API token");
        assertUnauthorised(send(request("/jobs/j-any").DELETE()), "missing API token");
    }

    @Test
    void aWrongTokenOrAnotherSchemeIs401() {
        assertUnauthorised(send(request("/jobs").header("Authorization", "Bearer " + TOKEN + "x").GET()),
                "not valid");
        assertUnauthorised(send(request("/jobs").header("Authorization", "Bearer " + TOKEN.substring(1)).GET()),
                "not valid");
        assertUnauthorised(send(request("/jobs").header("Authorization", "Basic " + TOKEN).GET()),
                "expected Authorization: Bearer");
        assertUnauthorised(send(request("/jobs").header("Authorization", "Bearer").GET()),
                "expected Authorization: Bearer");
    }

    @Test
    void theRightTokenSubmitsAJobThatCompletes() {
        HttpResponse<String> submitted = submitRange(1, 1000, 100);
        assertEquals(202, submitted.statusCode(), submitted.body());
        String id = id(submitted);
        assertSucceeds(id);
        HttpResponse<String> results = send(authorised("/jobs/" + id + "/results").GET());
        assertEquals(200, results.statusCode(), results.body());
        assertTrue(results.body().startsWith("1\t1\n2\t4\n") && results.body().endsWith("1000\t1000000\n"));
        // The scheme is case-insensitive (RFC 7235).
        assertEquals(200, send(request("/jobs").header("Authorization", "bearer " + TOKEN).GET()).statusCode());
    }

    @Test
    void healthAndTheStatusPageAreOpen() {
        HttpResponse<String> health = send(request("/health").GET());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
        for (String path : List.of("/", "/app.js", "/style.css")) {
            assertEquals(200, send(request(path).GET()).statusCode(), path);
        }
    }

    // --- limits -------------------------------------------------------------------------------

    @Test
    void pastMaxRunningJobsASubmissionIs429WithRetryAfterAndTheMasterServesOthers() {
        List<String> accepted = new ArrayList<>();
        try {
            HttpResponse<String> refused = null;
            // Long jobs, so that they are still queued or running when the limit is reached.
            for (int i = 0; i < MAX_RUNNING_JOBS + 3 && refused == null; i++) {
                HttpResponse<String> answer = submitRange(1, 50_000_000, 100);
                if (answer.statusCode() == 202) {
                    accepted.add(id(answer));
                } else {
                    refused = answer;
                }
            }
            assertTrue(refused != null, "no submission was refused: " + accepted);
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(""), refused.headers().toString());
            assertTrue(refused.body().startsWith("{\"error\":\""), refused.body());
            assertTrue(refused.body().contains("at most " + MAX_RUNNING_JOBS + " at once")
                    && refused.body().contains("compute.master.max-running-jobs"), refused.body());
            // Other requests are served meanwhile.
            assertEquals(200, send(authorised("/jobs").GET()).statusCode());
            assertEquals(200, send(request("/health").GET()).statusCode());
        } finally {
            accepted.forEach(id -> send(authorised("/jobs/" + id).DELETE()));
        }
        // Once the jobs have ended, a job is accepted again.
        HttpResponse<String> again = submitRange(1, 10, 5);
        assertEquals(202, again.statusCode(), again.body());
        assertSucceeds(id(again));
    }

    @Test
    void listsPastMaxRunningListInputsAre429UntilTheListsHeldEndWhileRangesAreStillTaken() {
        // A slow list (10 ms a chunk of 1): it runs for seconds and holds its 1,000 inputs.
        byte[] list = "7\n".repeat(MAX_INPUTS).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> first = send(authorised("/jobs?function=" + SlowSquare.NAME + "&chunkSize=1")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(list)));
        assertEquals(202, first.statusCode(), first.body());
        String held = id(first);
        try {
            HttpResponse<String> refused = post("text/plain", list);
            assertRefused(refused, 429, "compute.master.max-running-list-inputs");
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(""), refused.headers().toString());
            assertTrue(refused.body().contains("hold " + MAX_INPUTS + " inputs")
                    && refused.body().contains("passes " + MAX_RUNNING_LIST_INPUTS)
                    && refused.body().contains("compute.master.max-running-list-inputs"), refused.body());
            HttpResponse<String> range = submitRange(1, 100_000, 1000);
            assertEquals(202, range.statusCode(), "a range holds no inputs: " + range.body());
            assertSucceeds(id(range));
            assertFalse(send(authorised("/jobs").GET()).body().contains("\"total\":" + MAX_INPUTS + ",\"completed\":0"),
                    "the refused list left no job behind");
        } finally {
            send(authorised("/jobs/" + held).DELETE());
        }
        HttpResponse<String> again = post("text/plain", list);
        assertEquals(202, again.statusCode(), "the cancelled list holds nothing: " + again.body());
        assertSucceeds(id(again));
    }

    @Test
    void aJsonBodyPastMaxRequestSizeIs413WhetherItsLengthIsAnnouncedOrNotAndTheMasterServesOthers() {
        String key = "request body larger than " + MAX_REQUEST_BYTES + " bytes (compute.master.max-request-size)";
        byte[] oversize = ("{\"inputs\":[1" + " ".repeat(MAX_REQUEST_BYTES + 1024) + "]}")
                .getBytes(StandardCharsets.UTF_8);

        // With a Content-Length (BodyPublishers.ofByteArray sends one): refused before the body is read.
        assertRefused(post("application/json", oversize), 413, key);

        // Chunked (no Content-Length): refused once the bytes read pass the limit.
        HttpResponse<String> chunked = send(authorised("/jobs").version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(oversize))));
        assertRefused(chunked, 413, key);

        // The master still takes jobs, and a text body past the size is streamed into the job store.
        HttpResponse<String> normal = submitRange(1, 5_000, 500);
        assertEquals(202, normal.statusCode(), normal.body());
        assertSucceeds(id(normal));
        String padded = ("1" + " ".repeat(MAX_REQUEST_BYTES / 100) + "\n").repeat(MAX_INPUTS);
        HttpResponse<String> streamed = post("text/plain", padded.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, streamed.statusCode(), streamed.body());
        assertSucceeds(id(streamed));
    }

    @Test
    void pastMaxInputsAListOrATextBodyIs413AndTheMasterServesOthers() {
        String key = "at most " + MAX_INPUTS + " per job (compute.master.max-inputs)";
        StringBuilder list = new StringBuilder("{\"function\":\"square\",\"inputs\":[");
        for (int i = 1; i <= MAX_INPUTS + 1; i++) {
            list.append(i > 1 ? "," : "").append('"').append(i).append('"');
        }
        assertRefused(post("application/json", list.append("]}").toString().getBytes(StandardCharsets.UTF_8)),
                413, key);
        assertRefused(post("text/plain", textInputs(MAX_INPUTS + 1).getBytes(StandardCharsets.UTF_8)), 413, key);

        // At the limit, both are accepted and complete.
        HttpResponse<String> text = post("text/plain", textInputs(MAX_INPUTS).getBytes(StandardCharsets.UTF_8));
        assertEquals(202, text.statusCode(), text.body());
        assertSucceeds(id(text));
    }

    private static String textInputs(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(i).append('\n');
        }
        return text.toString();
    }

    // --- hostile clients ----------------------------------------------------------------------

    @Test
    void hostileRequestsAreRefusedWhileAnotherClientsJobCompletes() throws Exception {
        SlowClient slow = SlowClient.start(port, TOKEN, 1_000);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.sent.get() >= 5);

            HttpResponse<String> nested = post("application/json", "[".repeat(100_000).getBytes(StandardCharsets.UTF_8));
            assertRefused(nested, 400, "nested more than");

            String digits = "9".repeat(10_001);
            assertRefused(post("application/json", ("{\"inputs\":[1," + digits + "]}").getBytes(StandardCharsets.UTF_8)),
                    413, "compute.master.max-digits");
            assertRefused(post("text/plain", ("1\n" + digits + "\n").getBytes(StandardCharsets.UTF_8)),
                    413, "compute.master.max-digits");

            byte[] invalidUtf8 = {'{', '"', 'i', 'n', 'p', 'u', 't', 's', '"', ':', '[', '"', (byte) 0xC3, (byte) 0x28,
                    '"', ']', '}'};
            assertRefused(post("application/json", invalidUtf8), 400, "UTF-8");

            HttpResponse<String> normal = submitRange(1, 20_000, 500);
            assertEquals(202, normal.statusCode(), normal.body());
            assertSucceeds(id(normal));
            assertFalse(slow.answer.isDone(), "the slow client was answered before the others: "
                    + slow.answer.getNow(null));
        } finally {
            String answer = slow.answer.get(BODY_TIMEOUT.toSeconds() + 20, TimeUnit.SECONDS);
            slow.close();
            // The body timeout ends it, with a JSON error like every other.
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("{\"error\":\"the request body did not arrive within "
                    + BODY_TIMEOUT.toSeconds() + " s (compute.master.request-body-timeout)\"}"), answer);
        }
        assertEquals(200, send(request("/health").GET()).statusCode(), "the master is still up");
    }

    /**
     * A client that announces a body and sends it one byte every 100 ms over a raw socket; its
     * answer is the status line and body the master sent back.
     */
    private static final class SlowClient implements AutoCloseable {
        final AtomicInteger sent = new AtomicInteger();
        final CompletableFuture<String> answer = new CompletableFuture<>();
        private final Socket socket;

        private SlowClient(Socket socket) {
            this.socket = socket;
        }

        static SlowClient start(int port, String token, int bodyBytes) throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(60_000);
            SlowClient client = new SlowClient(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Length: " + bodyBytes + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < bodyBytes && !client.answer.isDone(); i++) {
                        out.write(i % 2 == 0 ? '1' : '\n');
                        out.flush();
                        client.sent.incrementAndGet();
                        // The pace of the hostile client itself, not a wait for a condition.
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // The master closed the connection: what it answered is read below.
                }
            }, "slow-client-sender");
            sender.setDaemon(true);
            sender.start();
            Thread reader = new Thread(() -> client.answer.complete(readAnswer(socket)), "slow-client-reader");
            reader.setDaemon(true);
            reader.start();
            return client;
        }

        private static String readAnswer(Socket socket) {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                StringBuilder text = new StringBuilder(in.readLine()).append('\n');
                int length = 0;
                String header;
                while ((header = in.readLine()) != null && !header.isEmpty()) {
                    if (header.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                int read = 0;
                while (read < length) {
                    int n = in.read(body, read, length - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
                return text.append(body, 0, read).toString();
            } catch (IOException | RuntimeException e) {
                return "no answer: " + e;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertUnauthorised(HttpResponse<String> response, String why) {
        assertEquals(401, response.statusCode(), response.uri() + ": " + response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                response.headers().toString());
        assertTrue(response.body().startsWith("{\"error\":\"") && response.body().contains(why), response.body());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String why) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"error\":\"") && response.body().contains(why), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        assertFalse(response.body().contains("\\n"), "one line: " + response.body());
    }

    private static void assertSucceeds(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String status = send(authorised("/jobs/" + id + "?wait=2s").GET()).body();
            assertTrue(status.contains("\"state\":\"SUCCEEDED\""), status);
        });
    }

    private static HttpResponse<String> submitRange(long from, long to, int chunkSize) {
        return post("application/json", ("{\"function\":\"square\",\"range\":{\"from\":\"" + from + "\",\"to\":\"" + to
                + "\"},\"chunkSize\":" + chunkSize + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String contentType, byte[] body) {
        return send(authorised("/jobs").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder authorised(String path) {
        return request(path).header("Authorization", "Bearer " + TOKEN);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return TestHttp.send(http, request.build());
    }

    private static String id(HttpResponse<String> submitted) {
        Matcher matcher = ID.matcher(submitted.body());
        assertTrue(matcher.find(), submitted.body());
        return matcher.group(1);
    }
}
