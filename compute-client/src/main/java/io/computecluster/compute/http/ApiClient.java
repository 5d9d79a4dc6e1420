package io.computecluster.compute.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computecluster.api.ClusterStatus;
import io.computecluster.api.ErrorBody;
import io.computecluster.api.FunctionList;
import io.computecluster.api.JobAccepted;
import io.computecluster.api.JobList;
import io.computecluster.api.JobStatus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;

/**
 * A thin client of the master's HTTP API: submits jobs, reads their status, streams their results,
 * and asks for the cluster's state and health. A master that cannot be reached raises
 * {@link MasterUnreachableException}; an error status raises {@link ApiException}.
 */
public final class ApiClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** An upload of millions of lines is parsed by the master before it answers. */
    static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(10);

    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=UTF-8";
    /** JSON Lines: one JSON value per line. */
    static final String NDJSON = "application/x-ndjson";
    /** Either results format: without {@code ?format=} the master answers the job's default. */
    private static final String RESULTS = "text/plain, " + NDJSON;
    private static final int BUFFER = 1 << 16;
    /** The header that makes a submit safe to send again (CONTRACT.md, "Safe retries"). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final URI api;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration requestTimeout;
    /** {@code Bearer <token>}, or null for a master whose API is open. */
    private final String authorization;

    /** A client of the API at {@code api}, for example {@code http://127.0.0.1:8080}. */
    public ApiClient(URI api) {
        this(api, null);
    }

    /** A client that sends {@code token} (null: none) as {@code Authorization: Bearer <token>}. */
    public ApiClient(URI api, String token) {
        this(api, CONNECT_TIMEOUT, REQUEST_TIMEOUT, token);
    }

    /**
     * A client that sends {@code token} (null: none) and trusts the HTTPS certificates {@code tls}
     * trusts (null: the JVM's default trust store).
     */
    public ApiClient(URI api, String token, SSLContext tls) {
        this(api, CONNECT_TIMEOUT, REQUEST_TIMEOUT, token, tls);
    }

    ApiClient(URI api, Duration connectTimeout, Duration requestTimeout) {
        this(api, connectTimeout, requestTimeout, null, null);
    }

    ApiClient(URI api, Duration connectTimeout, Duration requestTimeout, String token) {
        this(api, connectTimeout, requestTimeout, token, null);
    }

    ApiClient(URI api, Duration connectTimeout, Duration requestTimeout, String token, SSLContext tls) {
        this.authorization = token == null ? null : "Bearer " + token;
        String text = api.toString();
        this.api = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.requestTimeout = requestTimeout;
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        this.http = (tls == null ? http : http.sslContext(tls)).build();
        this.json = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE, true);
    }

    /** The base URL this client talks to. */
    public URI api() {
        return api;
    }

    /** Submits a job over the inclusive range {@code from..to}; returns the job id. */
    public String submitRange(String function, BigInteger from, BigInteger to, Integer chunkSize)
            throws IOException, InterruptedException {
        return submitRange(JobOptions.of(function, chunkSize), from, to);
    }

    /** Submits a job of an integer function over the inclusive range {@code from..to}; returns the job id. */
    public String submitRange(JobOptions job, BigInteger from, BigInteger to) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("function", job.function());
        ObjectNode rangeNode = body.putObject("range");
        // Strings, so that integers of any size survive every JSON parser.
        rangeNode.put("from", from.toString());
        rangeNode.put("to", to.toString());
        if (job.args() != null) {
            body.set("args", json.readTree(job.args()));
        }
        if (job.chunkSize() != null) {
            body.put("chunkSize", job.chunkSize());
        }
        if (job.taskTimeout() != null) {
            body.put("taskTimeout", job.taskTimeout());
        }
        HttpRequest request = submitRequest("/jobs", job)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return submitted(sendForJson(request));
    }

    /**
     * Submits a job whose inputs are one integer per line, streamed from {@code lines} (for example
     * {@code BodyPublishers.ofFile}); returns the job id.
     */
    public String submitLines(String function, Integer chunkSize, BodyPublisher lines)
            throws IOException, InterruptedException {
        return submitLines(JobOptions.of(function, chunkSize), false, lines);
    }

    /**
     * Submits a job whose inputs are one per line, streamed from {@code lines}: as {@code text/plain}
     * (read as the function's input type says), or as JSON Lines when {@code ndjson}; the job's
     * options go in the query. Returns the job id.
     */
    public String submitLines(JobOptions job, boolean ndjson, BodyPublisher lines)
            throws IOException, InterruptedException {
        HttpRequest request = submitRequest("/jobs" + query(job), job)
                .header("Content-Type", ndjson ? NDJSON : TEXT)
                .POST(lines)
                .build();
        return submitted(sendForJson(request));
    }

    private HttpRequest.Builder submitRequest(String path, JobOptions job) {
        HttpRequest.Builder builder = request(path, SUBMIT_TIMEOUT).header("Accept", JSON);
        return job.idempotencyKey() == null ? builder : builder.header(IDEMPOTENCY_KEY, job.idempotencyKey());
    }

    /** {@code ?function=...&args=...&chunkSize=...&taskTimeout=...}, each value URL-encoded. */
    static String query(JobOptions job) {
        StringJoiner query = new StringJoiner("&", "?", "");
        query.add("function=" + URLEncoder.encode(job.function(), StandardCharsets.UTF_8));
        if (job.args() != null) {
            query.add("args=" + URLEncoder.encode(job.args(), StandardCharsets.UTF_8));
        }
        if (job.chunkSize() != null) {
            query.add("chunkSize=" + job.chunkSize());
        }
        if (job.taskTimeout() != null) {
            query.add("taskTimeout=" + URLEncoder.encode(job.taskTimeout(), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** Every function version workers have offered the master, with the nodes offering it now. */
    public FunctionList functions() throws IOException, InterruptedException {
        HttpRequest request = request("/functions", requestTimeout).header("Accept", JSON).GET().build();
        return read(sendForJson(request), FunctionList.class);
    }

    /** The job's current status. */
    public JobStatus status(String jobId) throws IOException, InterruptedException {
        HttpRequest request = request("/jobs/" + pathSegment(jobId), requestTimeout)
                .header("Accept", JSON).GET().build();
        return read(sendForJson(request), JobStatus.class);
    }

    /**
     * The job's status as soon as it has ended, or after {@code maxWait} if it runs longer (the
     * master's long poll: a client learns of the end at once without polling fast).
     */
    public JobStatus awaitStatus(String jobId, Duration maxWait) throws IOException, InterruptedException {
        HttpRequest request = request("/jobs/" + pathSegment(jobId) + "?wait=" + maxWait.toMillis() + "ms",
                requestTimeout.plus(maxWait)).header("Accept", JSON).GET().build();
        return read(sendForJson(request), JobStatus.class);
    }

    /** Cancels the job; returns its status afterwards. */
    public JobStatus cancel(String jobId) throws IOException, InterruptedException {
        HttpRequest request = request("/jobs/" + pathSegment(jobId), requestTimeout)
                .header("Accept", JSON).DELETE().build();
        return read(sendForJson(request), JobStatus.class);
    }

    /**
     * Opens the results of an ended job: {@code INPUT<TAB>RESULT} lines in input order. The caller
     * closes the stream; a read that fails because the master went away raises
     * {@link MasterUnreachableException}.
     */
    public InputStream openResults(String jobId) throws IOException, InterruptedException {
        return openResults(jobId, null);
    }

    /**
     * As {@link #openResults(String)}, in {@code format} ({@code jsonl} or {@code tsv}; null: the
     * job's default, TSV for integer functions and JSON Lines for the others).
     */
    public InputStream openResults(String jobId, String format) throws IOException, InterruptedException {
        return openResults(jobId, format, 0, false);
    }

    /**
     * As {@link #openResults(String, String)}, from result line {@code from} (0-based) on; with
     * {@code follow}, while the job runs, each chunk's lines as soon as it and those before it are done.
     */
    public InputStream openResults(String jobId, String format, long from, boolean follow)
            throws IOException, InterruptedException {
        HttpRequest request = resultsRequest(jobId, format, from, follow);
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (!isSuccess(response.statusCode())) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(BUFFER);
            }
            throw apiError(response.statusCode(), new String(body, StandardCharsets.UTF_8));
        }
        return new UnreachableOnFailure(response.body());
    }

    /**
     * Copies the results of an ended job to {@code out}, which is not closed. A failure to write
     * {@code out} is a plain {@link IOException}, a failure to read the master's answer a
     * {@link MasterUnreachableException}.
     */
    public long downloadResults(String jobId, OutputStream out) throws IOException, InterruptedException {
        try (InputStream in = openResults(jobId)) {
            byte[] buffer = new byte[BUFFER];
            long copied = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                copied += n;
            }
            return copied;
        }
    }

    /**
     * Writes the results of an ended job into {@code file}, straight from the connection's buffers
     * (no stream copy): the fast path for large results. On an error answer the file is deleted.
     */
    public void downloadResults(String jobId, Path file) throws IOException, InterruptedException {
        downloadResults(jobId, file, null);
    }

    /** As {@link #downloadResults(String, Path)}, in {@code format} (null: the job's default). */
    public void downloadResults(String jobId, Path file, String format) throws IOException, InterruptedException {
        HttpRequest request = resultsRequest(jobId, format, 0, false);
        HttpResponse<Path> response = send(request, HttpResponse.BodyHandlers.ofFile(file));
        if (!isSuccess(response.statusCode())) {
            String body = Files.readString(file, StandardCharsets.UTF_8);
            Files.deleteIfExists(file);
            throw apiError(response.statusCode(), body);
        }
    }

    private HttpRequest resultsRequest(String jobId, String format, long from, boolean follow) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (format != null) {
            query.add("format=" + URLEncoder.encode(format, StandardCharsets.UTF_8));
        }
        if (from > 0) {
            query.add("from=" + from);
        }
        if (follow) {
            query.add("follow=true");
        }
        return request("/jobs/" + pathSegment(jobId) + "/results" + query, requestTimeout)
                .header("Accept", RESULTS).GET().build();
    }

    /** The members of the cluster and its worker capacity, as the master sees them. */
    public ClusterStatus cluster() throws IOException, InterruptedException {
        HttpRequest request = request("/cluster", requestTimeout).header("Accept", JSON).GET().build();
        return read(sendForJson(request), ClusterStatus.class);
    }

    /** The jobs the master knows, newest first. */
    public List<JobStatus> jobs() throws IOException, InterruptedException {
        HttpRequest request = request("/jobs", requestTimeout).header("Accept", JSON).GET().build();
        return read(sendForJson(request), JobList.class).jobs();
    }

    /** Whether the master is Up in the cluster and running ({@code 200}); {@code 503} means not yet. */
    public boolean healthy() throws IOException, InterruptedException {
        HttpRequest request = request("/health", requestTimeout).header("Accept", JSON).GET().build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 503) {
            return false;
        }
        throw apiError(response.statusCode(), response.body());
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api + path)).timeout(timeout);
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private String submitted(String body) throws IOException {
        JsonNode answer = parse(body);
        JsonNode id = answer.get("id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw new IOException("unexpected answer from the master to POST /jobs (no job id): " + shorten(body));
        }
        return json.treeToValue(answer, JobAccepted.class).id();
    }

    private String sendForJson(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (!isSuccess(response.statusCode())) {
            throw apiError(response.statusCode(), response.body());
        }
        return response.body();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (IOException | UnresolvedAddressException e) {
            throw unreachable(e);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot send " + request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(String body, Class<T> type) throws IOException {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IOException("unexpected answer from the master: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode parse(String body) throws IOException {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IOException("unexpected answer from the master (not JSON): " + shorten(body), e);
        }
    }

    /** Reads {@code {"error":"...","line":N}}; a body without one still gives a clear message. */
    ApiException apiError(int status, String body) {
        String error = null;
        int line = 0;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                ErrorBody answer = json.treeToValue(node, ErrorBody.class);
                error = answer.error();
                line = answer.line() == null ? 0 : answer.line();
            }
        } catch (JsonProcessingException e) {
            // Not JSON (a proxy, another server), or not the API's error: fall back to the body text below.
        }
        if (error == null || error.isBlank()) {
            String text = body == null ? "" : body.strip();
            error = text.isEmpty() ? describe(status) : describe(status) + ": " + shorten(text);
        }
        return new ApiException(status, error, line, api);
    }

    MasterUnreachableException unreachable(Throwable e) {
        return new MasterUnreachableException(api, reason(e), e);
    }

    static String reason(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                String message = t.getMessage();
                return message == null || message.isBlank() ? "connection refused" : message.toLowerCase();
            }
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "bad request (HTTP 400)";
            case 401 -> "unauthorized (HTTP 401)";
            case 404 -> "not found (HTTP 404)";
            case 409 -> "conflict (HTTP 409)";
            case 413 -> "request too large (HTTP 413)";
            case 503 -> "service unavailable (HTTP 503)";
            default -> "HTTP " + status;
        };
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }

    /** Percent-encodes what is not an unreserved URI character, so any job id stays one segment. */
    static String pathSegment(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** A response body whose read failures mean the master went away mid-answer. */
    private final class UnreachableOnFailure extends FilterInputStream {
        UnreachableOnFailure(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw unreachable(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
    }
}
