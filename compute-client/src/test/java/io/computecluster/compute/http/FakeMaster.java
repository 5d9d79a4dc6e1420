package io.computecluster.compute.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the master's HTTP API in the client's own tests: canned answers for one job on a
 * real HTTP server on a free port, and a record of what the client sent.
 */
public final class FakeMaster implements AutoCloseable {
    public static final String JOB_ID = "j-1a2b";
    public static final String SQUARE = "{\"name\":\"square\",\"version\":\"built-in\",\"input\":\"integer\","
            + "\"output\":\"integer\",\"nodes\":[\"127.0.0.1:40001\"]}";
    public static final String SHA256 = "{\"name\":\"sha256\",\"version\":\"1.0.0\",\"input\":\"text\","
            + "\"output\":\"text\",\"nodes\":[\"127.0.0.1:40001\"]}";
    public static final String ECHO = "{\"name\":\"echo\",\"version\":\"2.0.0\",\"input\":\"json\","
            + "\"output\":\"json\",\"nodes\":[]}";
    private static final String UNAVAILABLE = "503";

    private final HttpServer server;
    /** Status bodies answered in turn; the last one repeats. */
    private final Deque<String> statuses = new ArrayDeque<>();
    private volatile String results = "";
    /** Bytes of the results sent before the connection is dropped mid-stream; -1: all of them. */
    private volatile int resultsBreakAfter = -1;
    private volatile String cluster = "{\"members\":[],\"workerNodes\":0,\"workerActors\":0,\"workers\":[]}";
    private volatile String jobList = "{\"jobs\":[]}";
    /** {@code GET /functions}; null answers 404, as a master from before plug-ins. */
    private volatile String functions = "{\"functions\":[" + SQUARE + "," + SHA256 + "," + ECHO + "]}";
    private volatile int submitStatus = 202;
    private volatile String submitBody = "{\"id\":\"" + JOB_ID + "\"}";

    /** When set, a request without {@code Authorization: Bearer <token>} is answered 401. */
    private volatile String token;
    public volatile String receivedAuthorization;
    public volatile String receivedContentType;
    public volatile String receivedQuery;
    public volatile String receivedBody;
    public volatile String receivedIdempotencyKey;
    /** The query of the last results request; null when none had one. */
    public volatile String receivedResultsQuery;
    public volatile String receivedResultsAccept;
    public final AtomicInteger functionRequests = new AtomicInteger();
    public final AtomicInteger statusPolls = new AtomicInteger();
    public final AtomicInteger submits = new AtomicInteger();
    /** {@code DELETE /jobs/{id}} requests for the job. */
    public final AtomicInteger cancels = new AtomicInteger();
    public final AtomicInteger resultRequests = new AtomicInteger();

    public FakeMaster() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jobs", exchange -> {
            if (authorised(exchange)) {
                jobs(exchange);
            }
        });
        server.createContext("/cluster", exchange -> {
            if (authorised(exchange)) {
                answer(exchange, 200, "application/json", cluster);
            }
        });
        server.createContext("/functions", exchange -> {
            if (authorised(exchange)) {
                functionRequests.incrementAndGet();
                String body = functions;
                if (body == null) {
                    answer(exchange, 404, "application/json", "{\"error\":\"not found\"}");
                } else {
                    answer(exchange, 200, "application/json", body);
                }
            }
        });
        server.createContext("/health", exchange -> answer(exchange, 200, "application/json", "{\"status\":\"UP\"}"));
        server.start();
    }

    /** The address of a free loopback port that nobody listens on: connections to it are refused. */
    public static URI nobodyListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    public URI api() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeMaster requireToken(String token) {
        this.token = token;
        return this;
    }

    /** Records the Authorization header; answers 401 as the master does when the token is wrong. */
    private boolean authorised(HttpExchange exchange) throws IOException {
        receivedAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (token == null || ("Bearer " + token).equals(receivedAuthorization)) {
            return true;
        }
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"compute-cluster\"");
        answer(exchange, 401, "application/json", "{\"error\":\"the API token is not valid\"}");
        return false;
    }

    public FakeMaster rejectSubmit(int status, String body) {
        submitStatus = status;
        submitBody = body;
        return this;
    }

    public synchronized FakeMaster status(String state, long total, long completed, long failed, String extra) {
        statuses.add("{\"id\":\"" + JOB_ID + "\",\"function\":\"square\",\"state\":\"" + state + "\",\"total\":" + total
                + ",\"completed\":" + completed + ",\"failed\":" + failed + ",\"chunkSize\":1000"
                + ",\"submittedAt\":\"2025-01-01T00:00:00Z\",\"finishedAt\":null,\"elapsedMillis\":1230"
                + ",\"tasksPerSecond\":812345.0" + (extra.isEmpty() ? "" : "," + extra) + ",\"unknownField\":1}");
        return this;
    }

    /** One poll answered 503, as a master whose job manager is briefly too busy to answer. */
    public synchronized FakeMaster statusUnavailable() {
        statuses.add(UNAVAILABLE);
        return this;
    }

    public FakeMaster cluster(String body) {
        cluster = body;
        return this;
    }

    /** {@code GET /functions} answers {@code body}; null: 404. */
    public FakeMaster functions(String body) {
        functions = body;
        return this;
    }

    public FakeMaster jobList(String body) {
        jobList = body;
        return this;
    }

    public FakeMaster results(String body) {
        results = body;
        return this;
    }

    /**
     * Sends only the first {@code bytes} of the results, then drops the connection, as a master
     * that dies mid-stream: the client sees the answer end before its announced length.
     */
    public FakeMaster breakResultsAfter(int bytes) {
        resultsBreakAfter = bytes;
        return this;
    }

    private synchronized String lastStatus() {
        return statuses.peekLast();
    }

    private synchronized String nextStatus() {
        return statuses.size() > 1 ? statuses.poll() : statuses.peek();
    }

    private void jobs(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("POST") && path.equals("/jobs")) {
            submits.incrementAndGet();
            receivedContentType = exchange.getRequestHeaders().getFirst("Content-Type");
            receivedIdempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            receivedQuery = exchange.getRequestURI().getRawQuery();
            receivedBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            answer(exchange, submitStatus, "application/json", submitBody);
        } else if (method.equals("GET") && path.equals("/jobs")) {
            answer(exchange, 200, "application/json", jobList);
        } else if (method.equals("GET") && path.equals("/jobs/" + JOB_ID)) {
            statusPolls.incrementAndGet();
            String status = nextStatus();
            if (status.equals(UNAVAILABLE)) {
                answer(exchange, 503, "application/json", "{\"error\":\"the job manager did not answer in time\"}");
            } else {
                answer(exchange, 200, "application/json", status);
            }
        } else if (method.equals("DELETE") && path.equals("/jobs/" + JOB_ID)) {
            // The job's last status with its state CANCELLED, as the master answers a cancellation.
            cancels.incrementAndGet();
            String status = lastStatus();
            answer(exchange, 200, "application/json", status.replaceFirst("\"state\":\"[A-Z]+\"",
                    "\"state\":\"CANCELLED\""));
        } else if (method.equals("GET") && path.equals("/jobs/" + JOB_ID + "/results")) {
            resultRequests.incrementAndGet();
            receivedResultsQuery = exchange.getRequestURI().getRawQuery();
            receivedResultsAccept = exchange.getRequestHeaders().getFirst("Accept");
            // ?from=N: the lines from N on; a break stays where it was in the whole results.
            byte[] all = results.getBytes(StandardCharsets.UTF_8);
            int start = lineStart(all, fromParameter(receivedResultsQuery));
            if (resultsBreakAfter >= 0) {
                answerBrokenOff(exchange, all, start, Math.max(start, resultsBreakAfter));
            } else {
                answer(exchange, 200, "text/plain", new String(all, start, all.length - start, StandardCharsets.UTF_8));
            }
        } else {
            answer(exchange, 404, "application/json", "{\"error\":\"no such job\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Announces {@code bytes} from {@code start} on but sends only those before {@code end} before closing. */
    private static void answerBrokenOff(HttpExchange exchange, byte[] bytes, int start, int end) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length - start);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes, start, end - start);
        out.flush();
        // Closing short of the announced length makes the server drop the connection.
        exchange.close();
    }

    private static long fromParameter(String query) {
        if (query == null) {
            return 0;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("from=")) {
                return Long.parseLong(parameter.substring("from=".length()));
            }
        }
        return 0;
    }

    /** Where line {@code line} (0-based) of {@code bytes} starts; their length past the last one. */
    private static int lineStart(byte[] bytes, long line) {
        int at = 0;
        for (long skipped = 0; skipped < line && at < bytes.length; at++) {
            if (bytes[at] == '\n') {
                skipped++;
            }
        }
        return at;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
