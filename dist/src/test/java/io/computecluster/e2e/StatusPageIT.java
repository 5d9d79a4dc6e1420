package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;

/**
 * One cluster started through bin/ (a master and two workers, every port free) and seen from
 * outside as an operator sees it: the status page in headless Chromium while a job runs,
 * {@code GET /metrics} through Prometheus' own parser, and Pekko Management's health checks on
 * every node. The cluster is shared by the tests (starting it is most of the run time); the page
 * test runs the job the metrics tests count, or they run it themselves when the page test is skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageIT {

    /** The job the page follows to its end and the metrics count. */
    private static final long INPUTS = 300_000;
    private static final String JOB = "{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"" + INPUTS
            + "\"},\"chunkSize\":1}";
    /**
     * A job the page watches while it runs, then cancelled: one input per chunk, 5 million chunks,
     * far more than any machine computes in the seconds the test watches it (the master spends
     * microseconds per chunk), so how fast the machine is decides nothing.
     */
    private static final String LONG_JOB = "{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"5000000\"},"
            + "\"chunkSize\":1}";
    private static final int WORKER_NODES = 2;
    private static final int ACTORS_PER_WORKER = 2;
    private static final Path SCREENSHOT_RUNNING = Installation.ROOT.resolve("dist/target/status-page.png");
    private static final Path SCREENSHOT_DONE = Installation.ROOT.resolve("dist/target/status-page-done.png");
    /** A number as the page writes it: en-US digits with "," between thousands. */
    private static final Pattern PAGE_INTEGER = Pattern.compile("\\d{1,3}(,\\d{3})*");
    /** One sample line of the text format: name, optional labels, value (no timestamps here). */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)$");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Installation installation;
    private static String api;
    private static String seed;
    private static Map<String, String> managementUrls;
    /** The job whose end the metrics tests look at, once one has been submitted. */
    private static final AtomicReference<String> jobId = new AtomicReference<>();

    @BeforeAll
    static void startCluster() {
        installation = new Installation("status-page");
        Installation.StartedMaster master = installation.startMaster();
        seed = master.seed();
        api = master.api();
        for (int i = 1; i <= WORKER_NODES; i++) {
            // --workers explicit: the default (one per processor) would be 1 on a one-core machine.
            installation.start("worker-" + i, "worker", "--seed", seed,
                    "--workers", String.valueOf(ACTORS_PER_WORKER));
        }
        installation.awaitBody(api + "/cluster", "\"workerActors\":" + WORKER_NODES * ACTORS_PER_WORKER,
                Duration.ofMinutes(2));
        // Every node's management port is a free one, named in its ports file once the node is Up.
        managementUrls = new LinkedHashMap<>();
        for (String node : List.of("master", "worker-1", "worker-2")) {
            managementUrls.put(node, installation.ports(node, ports -> ports.management() != null,
                    "its management port").management());
        }
    }

    @AfterAll
    static void stopCluster() {
        if (installation != null) {
            installation.close();
        }
    }

    // --- Pekko Management ------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyNodeAnswersItsHealthChecksAndListsTheMembers() throws IOException {
        for (Map.Entry<String, String> node : managementUrls.entrySet()) {
            String management = node.getValue();
            for (String check : List.of("/alive", "/ready")) {
                // /ready waits for the node to be Up (and on the master for the job manager).
                await(node.getKey() + " " + check).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> statusOf(management + check) == 200);
            }
        }
        String master = managementUrls.get("master");
        // Gossip can lag behind the master's own view for a moment: wait for all three as Up.
        await("3 members Up in /cluster/members").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> memberStatuses(master + "/cluster/members"), statuses -> statuses.size() == 3
                        && statuses.stream().allMatch("Up"::equals));
        JsonNode members = JSON.readTree(installation.get(master + "/cluster/members").body()).path("members");
        assertEquals(3, members.size(), members.toString());
        Set<String> roles = new HashSet<>();
        members.forEach(member -> member.path("roles").forEach(role -> roles.add(role.asText())));
        assertTrue(roles.containsAll(List.of("master", "worker")), "roles of the members: " + roles);
    }

    // --- the status page ---------------------------------------------------------------------------

    @Test
    @Order(2)
    void statusPageShowsTheClusterAndFollowsARunningJobToItsEnd() throws IOException, InterruptedException {
        HeadlessChromium.assumeInstalled("status page test");

        ChromeDriver browser = HeadlessChromium.start(installation.workDir().resolve("chromedriver.log"));
        try {
            browser.get(api + "/");
            PageState first = await("the page's first refresh").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> PageState.of(browser), page -> page.updates() >= 1);
            assertNotEquals("never", first.lastUpdate(), "#last-update after a refresh");

            // Members pass through Joining (and workers register their actors one by one) on the way.
            PageState cluster = await("3 members Up and 2 worker nodes on the page").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> PageState.of(browser),
                            page -> page.members().size() == 3 && page.workers().size() == WORKER_NODES
                                    && page.members().stream().allMatch(m -> "Up".equals(m.status()))
                                    && page.workers().stream()
                                            .allMatch(w -> pageInteger(w.actors()) >= ACTORS_PER_WORKER));
            for (MemberRow member : cluster.members()) {
                assertEquals("Up", member.status(), "status of member " + member.address());
            }
            // Every worker offers built-in square (plug-in functions besides it depend on the installation).
            PageState offered = await("square offered by both worker nodes on the page").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> PageState.of(browser),
                            page -> page.function("square@built-in") != null
                                    && page.function("square@built-in").nodes().split(", ").length == WORKER_NODES);
            assertEquals("integer → integer", offered.function("square@built-in").types(), "square's types");
            for (WorkerRow worker : cluster.workers()) {
                assertTrue(pageInteger(worker.actors()) >= ACTORS_PER_WORKER,
                        "actors of worker node " + worker.node() + ": " + worker.actors());
                assertEquals(pageInteger(worker.actors()), worker.actorChips().size(),
                        "the node's worker actors listed: " + worker.actorChips());
                for (String chip : worker.actorChips()) {
                    assertTrue(chip.matches("worker-\\d+ · \\d+"), "an actor and the chunks it holds: " + chip);
                }
            }

            String longId = post(LONG_JOB);
            PageState running = await("job " + longId + " RUNNING with some inputs done")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> PageState.of(browser), page -> page.job(longId) != null
                            && "RUNNING".equals(page.job(longId).state()) && page.job(longId).completed() > 0);
            long completedBefore = running.job(longId).completed();
            assertEquals(5_000_000, running.job(longId).total(), "data-total of the running job");
            PageState advanced = await("job " + longId + " progress advancing while RUNNING")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> PageState.of(browser), page -> {
                        JobRow job = page.job(longId);
                        assertEquals("RUNNING", job == null ? "absent from the page" : job.state(),
                                "job " + longId + " while the page is watched");
                        return job.completed() > completedBefore && !List.of("–", "0").contains(page.throughputNow());
                    });
            System.out.printf("job %s on the page: %,d then %,d done while RUNNING%n", longId, completedBefore,
                    advanced.job(longId).completed());
            screenshot(browser, SCREENSHOT_RUNNING);
            HttpResponse<String> cancelled = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/jobs/" + longId))
                    .timeout(Duration.ofSeconds(10)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, cancelled.statusCode(), "DELETE /jobs/" + longId + ": " + cancelled.body());
            await("job " + longId + " CANCELLED on the page").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> PageState.of(browser),
                            page -> page.job(longId) != null && "CANCELLED".equals(page.job(longId).state()));

            String id = submitJob();

            PageState done = await("job " + id + " SUCCEEDED on the page").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> PageState.of(browser),
                            page -> page.job(id) != null && page.job(id).state().equals("SUCCEEDED"));
            JobRow job = done.job(id);
            assertEquals(INPUTS, job.total(), "data-total");
            assertEquals(job.total(), job.completed(), "data-completed of a job that SUCCEEDED");
            assertEquals(0, job.failed(), "data-failed");
            assertTrue(done.updates() > first.updates(), "the updates counter grows: " + first.updates() + " then "
                    + done.updates());
            assertTrue(chartPaintedPixels(browser) > 0, "the throughput chart is drawn");
            assertEquals("", done.errorBanner(), "the page shows no error");
            // tasks-done comes from the job manager's per-node view, refreshed a tick after the job's end.
            await("worker nodes' tasks-done adding up to the job").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200)).until(() -> PageState.of(browser),
                            page -> page.workers().stream().mapToLong(w -> pageInteger(w.tasksDone())).sum() >= INPUTS);
            screenshot(browser, SCREENSHOT_DONE);
            // Errors the page does not show (an exception while drawing, a failed request) reach the console.
            List<String> consoleErrors = browser.manage().logs().get("browser").getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::toString).toList();
            assertEquals(List.of(), consoleErrors, "errors in the browser's console");
        } finally {
            browser.quit();
        }
    }


    /** What the page shows, read in one script: a refresh cannot land halfway through the reading. */
    record PageState(long updates, String lastUpdate, String throughputNow, String errorBanner,
                     List<MemberRow> members, List<WorkerRow> workers, List<FunctionRow> functions,
                     List<JobRow> jobs) {
        private static final String READ = """
                const text = (tr, cls) => {
                  const td = tr.querySelector('td.' + cls);
                  return td ? td.textContent.trim() : null;
                };
                const rows = selector => Array.from(document.querySelectorAll(selector));
                const banner = document.getElementById('error-banner');
                return {
                  updates: document.body.dataset.updates,
                  lastUpdate: document.getElementById('last-update').textContent.trim(),
                  throughputNow: document.getElementById('throughput-current').textContent.trim(),
                  errorBanner: banner.hidden ? '' : banner.textContent,
                  members: rows('#members tr[data-address]').map(tr => [tr.dataset.address, text(tr, 'status'),
                    text(tr, 'reachable')]),
                  workers: rows('#workers tr[data-node]').map(tr => [tr.dataset.node, text(tr, 'actors'),
                    text(tr, 'tasks-done'), text(tr, 'tasks-per-second'),
                    Array.from(tr.querySelectorAll('td.node .actor-chip')).map(c => c.textContent.trim()).join('|')]),
                  functions: rows('#functions tr[data-function]').map(tr => [tr.dataset.function, text(tr, 'types'),
                    text(tr, 'nodes')]),
                  jobs: rows('#jobs tr[data-job-id]').map(tr => {
                    const bar = tr.querySelector('div.progress');
                    const state = tr.querySelector('td.state .badge');
                    return [tr.dataset.jobId, state && state.textContent.trim(), bar && bar.getAttribute('data-completed'),
                      bar && bar.getAttribute('data-failed'), bar && bar.getAttribute('data-total')];
                  }),
                };
                """;

        @SuppressWarnings("unchecked")
        static PageState of(ChromeDriver browser) {
            Map<String, Object> page = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(READ);
            return new PageState(Long.parseLong((String) page.get("updates")), (String) page.get("lastUpdate"),
                    (String) page.get("throughputNow"), (String) page.get("errorBanner"),
                    rowsOf(page, "members").stream().map(r -> new MemberRow(r.get(0), r.get(1), r.get(2)))
                            .toList(),
                    rowsOf(page, "workers").stream().map(r -> new WorkerRow(r.get(0), r.get(1), r.get(2), r.get(3),
                                    r.get(4).isEmpty() ? List.of() : List.of(r.get(4).split("\\|"))))
                            .toList(),
                    rowsOf(page, "functions").stream().map(r -> new FunctionRow(r.get(0), r.get(1), r.get(2)))
                            .toList(),
                    rowsOf(page, "jobs").stream().map(r -> new JobRow(r.get(0), r.get(1), attribute(r.get(2)),
                            attribute(r.get(3)), attribute(r.get(4)))).toList());
        }

        @SuppressWarnings("unchecked")
        private static List<List<String>> rowsOf(Map<String, Object> page, String key) {
            return (List<List<String>>) page.get(key);
        }

        /** data-completed and friends are integers by contract: anything else fails the test. */
        private static long attribute(String value) {
            assertNotNull(value, "a job row without its div.progress attributes");
            assertTrue(value.matches("\\d+"), "integer attribute expected, got '" + value + "'");
            return Long.parseLong(value);
        }

        /** The row of {@code NAME@VERSION}, or null while the page does not show it. */
        FunctionRow function(String key) {
            return functions.stream().filter(function -> function.key().equals(key)).findFirst().orElse(null);
        }

        /** The job's row, or null while the page does not show it. */
        JobRow job(String id) {
            return jobs.stream().filter(job -> job.id().equals(id)).findFirst().orElse(null);
        }
    }

    /** {@code reachable}: the cell's text, {@code reachable} or what the page writes for an unreachable member. */
    record MemberRow(String address, String status, String reachable) {
    }

    /** {@code actorChips}: the node's worker actors as the page lists them, {@code worker-1 · 2} (name, chunks held). */
    record WorkerRow(String node, String actors, String tasksDone, String tasksPerSecond, List<String> actorChips) {
    }

    /** {@code key}: {@code NAME@VERSION}; {@code nodes}: the nodes offering it, comma-separated, or {@code none now}. */
    record FunctionRow(String key, String types, String nodes) {
    }

    record JobRow(String id, String state, long completed, long failed, long total) {
    }

    private static long pageInteger(String text) {
        assertNotNull(text, "a number cell is missing");
        assertTrue(PAGE_INTEGER.matcher(text).matches(), "integer with ',' separators expected, got '" + text + "'");
        return Long.parseLong(text.replace(",", ""));
    }

    /** Pixels of the throughput canvas that are not transparent: 0 when nothing was drawn. */
    private static long chartPaintedPixels(ChromeDriver browser) {
        Object painted = browser.executeScript("""
                const canvas = document.getElementById('throughput-chart');
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
                return painted;
                """);
        return ((Number) painted).longValue();
    }

    /** The whole page, not only the window: at 1280x900 the jobs table is below the fold. */
    private static void screenshot(ChromeDriver browser, Path file) throws IOException {
        Number width = (Number) browser.executeScript("return document.documentElement.scrollWidth");
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        System.out.println("screenshot: " + file);
    }

    @Test
    @Order(5)
    void aWorkerNodeStartedAndKilledWhileThePageIsOpenComesAndGoes() {
        HeadlessChromium.assumeInstalled("status page test");

        ChromeDriver browser = HeadlessChromium.start(installation.workDir().resolve("chromedriver-3.log"));
        try {
            browser.get(api + "/");
            PageState before = await("the page with the two worker nodes").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> PageState.of(browser),
                            page -> page.workers().size() == WORKER_NODES && page.members().size() == 3);
            Set<String> known = new HashSet<>();
            before.workers().forEach(worker -> known.add(worker.node()));

            Process third = installation.start("worker-3", "worker", "--seed", seed, "--workers", "1");
            PageState joined = await("a third worker node's row").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> PageState.of(browser),
                            page -> page.workers().size() == WORKER_NODES + 1 && page.members().size() == 4
                                    && page.members().stream().allMatch(m -> "Up".equals(m.status())));
            String node = joined.workers().stream().map(WorkerRow::node).filter(n -> !known.contains(n))
                    .findFirst().orElseThrow();
            assertEquals("1", joined.workers().stream().filter(w -> w.node().equals(node)).findFirst().orElseThrow()
                    .actors(), "the new node's worker actors");

            // SIGKILL (bin/worker execs the JVM: this is its PID): no goodbye, the cluster finds out.
            System.out.println("killing worker-3, pid " + third.pid());
            third.destroyForcibly();
            await("worker node " + node + " gone or marked unreachable").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> PageState.of(browser), page -> {
                        MemberRow member = page.members().stream().filter(m -> m.address().endsWith("@" + node))
                                .findFirst().orElse(null);
                        boolean workerGone = page.workers().stream().noneMatch(w -> w.node().equals(node));
                        return member == null ? workerGone : !"reachable".equals(member.reachable());
                    });
            // The split brain resolver downs it: its rows go, the other two stay.
            await("worker node " + node + " removed from the page").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> PageState.of(browser),
                            page -> page.workers().size() == WORKER_NODES && page.members().size() == 3
                                    && page.workers().stream().noneMatch(w -> w.node().equals(node)));
        } finally {
            browser.quit();
        }
    }

    // --- /metrics ----------------------------------------------------------------------------------

    @Test
    @Order(3)
    void metricsPassPrometheusOwnParser() throws Exception {
        Assumptions.assumeTrue(Promtool.installed(), () -> "promtool check skipped: " + Promtool.PROMTOOL
                + " missing; install with `apt-get install prometheus` (.ci/run does it); the metric values are"
                + " still checked by metricsCountTheJob");
        awaitJobEnded();
        String metrics = metrics();

        Promtool.check(metrics, installation.workDir().resolve("promtool.out"));
    }

    @Test
    @Order(4)
    void metricsCountTheJob() throws Exception {
        awaitJobEnded();
        HttpResponse<String> response = installation.get(api + "/metrics");
        assertNotNull(response, "GET /metrics answers");
        // What a scraper picks its parser by: the media type and the format's version.
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(contentType.startsWith("text/plain;") && contentType.contains("version=0.0.4"),
                "Content-Type of /metrics: " + contentType);
        Map<String, Double> samples = samples(response.body());

        assertTrue(value(samples, "compute_inputs_completed_total") >= INPUTS, "compute_inputs_completed_total");
        assertEquals(3.0, value(samples, "compute_cluster_members{status=\"Up\"}"), "members Up");
        assertTrue(value(samples, "compute_chunk_latency_seconds_count") > 0, "compute_chunk_latency_seconds_count");

        // One inputs counter per worker node, named as /cluster names the nodes, adding up to the job.
        JsonNode workers = JSON.readTree(installation.get(api + "/cluster").body()).path("workers");
        assertEquals(WORKER_NODES, workers.size(), workers.toString());
        double perNodeSum = 0;
        for (JsonNode worker : workers) {
            String series = "compute_worker_node_inputs_total{node=\"" + worker.path("node").asText() + "\"}";
            double inputs = value(samples, series);
            assertTrue(inputs > 0, series + " = " + inputs);
            perNodeSum += inputs;
        }
        long perNodeSeries = samples.keySet().stream().filter(s -> s.startsWith("compute_worker_node_inputs_total{"))
                .count();
        assertEquals(WORKER_NODES, perNodeSeries, "compute_worker_node_inputs_total series: " + samples.keySet());
        assertTrue(perNodeSum >= INPUTS, "inputs over the worker nodes: " + perNodeSum);
    }

    private static String metrics() {
        HttpResponse<String> response = installation.get(api + "/metrics");
        assertNotNull(response, "GET /metrics answers");
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** Every sample of the text format as "name{labels}" to value; comments and blank lines skipped. */
    private static Map<String, Double> samples(String metrics) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : metrics.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            assertTrue(matcher.matches(), "not a sample line: " + line);
            String series = matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2));
            assertFalse(samples.containsKey(series), "series twice: " + series);
            samples.put(series, Double.parseDouble(matcher.group(3)));
        }
        return samples;
    }

    private static double value(Map<String, Double> samples, String series) {
        Double value = samples.get(series);
        assertNotNull(value, series + " is not in /metrics");
        return value;
    }

    // --- the job ---------------------------------------------------------------------------------

    private static String submitJob() throws IOException {
        String id = post(JOB);
        jobId.set(id);
        return id;
    }

    private static String post(String job) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/jobs")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(job)).build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(202, response.statusCode(), "POST /jobs: " + response.body());
        String id = JSON.readTree(response.body()).path("id").asText();
        assertFalse(id.isEmpty(), "POST /jobs answers an id: " + response.body());
        return id;
    }

    /** Waits for the page test's job to end; runs the job here when that test was skipped. */
    private static void awaitJobEnded() throws IOException {
        String id = jobId.get() != null ? jobId.get() : submitJob();
        JsonNode job = await("job " + id + " ends").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> jobStatus(id), status -> status != null
                        && !List.of("QUEUED", "RUNNING").contains(status.path("state").asText()));
        assertEquals("SUCCEEDED", job.path("state").asText(), job.toString());
    }

    /** GET /jobs/{id} as JSON, or null while the master does not answer. */
    private static JsonNode jobStatus(String id) throws IOException {
        HttpResponse<String> response = installation.get(api + "/jobs/" + id);
        return response == null ? null : JSON.readTree(response.body());
    }

    // --- HTTP ------------------------------------------------------------------------------------

    private static int statusOf(String url) {
        HttpResponse<String> response = installation.get(url);
        return response == null ? 0 : response.statusCode();
    }

    private static List<String> memberStatuses(String url) {
        try {
            HttpResponse<String> response = installation.get(url);
            if (response == null || response.statusCode() != 200) {
                return List.of();
            }
            List<String> statuses = new ArrayList<>();
            JSON.readTree(response.body()).path("members").forEach(m -> statuses.add(m.path("status").asText()));
            return statuses;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
