package io.computecluster.benchmarks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import io.computecluster.client.local.LocalNode;
import io.computecluster.common.node.NodePorts;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The figures measured on one running cluster of W workers (1 to 6 of the benchmark); each call is
 * one run of one figure and adds its numbers to the {@link Report}.
 */
final class Measurements {
    static final long CHUNK1_INPUTS = 100_000;
    static final long FILE_INPUTS = 10_000_000;
    static final String FILE_LAST_LINE = "10000000\t100000000000000";
    static final int LATENCY_JOBS = 1_000;
    /**
     * Untimed jobs first: the steady state a running cluster serves in. A fresh master's first
     * thousands of jobs run partly interpreted until the JIT has compiled the request path (on
     * this machine, p50 14 ms over the first thousand, 10 over the second, 7 over the third, 4 to
     * 5 from the fourth on).
     */
    static final int LATENCY_WARM_UP = 3_000;
    static final String LATENCY_BODY = "{\"function\":\"square\",\"inputs\":[\"7\"]}";
    static final String LATENCY_RESULT = "7\t49\n";
    /** The long job a new worker joins; cancelled after, followed by another if it ends first. */
    static final long NEW_WORKER_RANGE_TO = 10_000_000;
    static final int NEW_WORKER_CHUNK = 200;
    static final Duration NEW_WORKER_TIMEOUT = Duration.ofSeconds(60);
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    static final Duration SINGLE_JOB_TIMEOUT = Duration.ofSeconds(60);
    /** Pause between status polls of the throughput jobs when the long-poll answers at once. */
    static final long POLL_PAUSE_MILLIS = 5;
    static final int BUFFER = 1 << 20;
    private static final double MIB = 1024.0 * 1024.0;

    private final BenchCluster cluster;
    private final int workers;
    private final Path home;
    private final Path scratch;
    private final Report report;
    private final PrintStream log;
    private final BenchHttp http;
    private final Set<String> seenJobs = new HashSet<>();

    Measurements(BenchCluster cluster, int workers, Path home, Path scratch, Report report, PrintStream log) {
        this.cluster = cluster;
        this.workers = workers;
        this.home = home;
        this.scratch = scratch;
        this.report = report;
        this.log = log;
        this.http = new BenchHttp(cluster.api());
    }

    /** Untimed: one chunk-size-1 job of 20,000 inputs and one default-chunked job of 1,000,000, read and dropped. */
    void warmUp() throws IOException, InterruptedException {
        String small = finished(http.submit(rangeJob(20_000, 1)), 20_000).id();
        http.delete(small);
        String big = finished(http.submit(rangeJob(1_000_000, null)), 1_000_000).id();
        try (InputStream in = http.results(big)) {
            LineCounter.count(in, BUFFER);
        }
        http.delete(big);
    }

    /** Figure 1: 1..100000 with chunkSize 1; the job's own elapsedMillis and the client's submit→SUCCEEDED. */
    void chunkSizeOne(int run) throws IOException, InterruptedException {
        long start = System.nanoTime();
        String id = http.submit(rangeJob(CHUNK1_INPUTS, 1));
        JobStatus status = finished(id, CHUNK1_INPUTS);
        long clientNanos = System.nanoTime() - start;
        double jobRate = perSecond(CHUNK1_INPUTS, millisToNanos(positive(status.elapsedMillis(), id)));
        double clientRate = perSecond(CHUNK1_INPUTS, clientNanos);
        report.add(workers, "chunk1.job", jobRate);
        report.add(workers, "chunk1.client", clientRate);
        report.detail(workers, "chunk1", facts("run", run, "job", id, "elapsedMillis", status.elapsedMillis(),
                "clientMillis", nanosToMillis(clientNanos), "workerNodes", status.workerNodes()));
        progress("chunk size 1", run, rate(jobRate) + " (job time " + status.elapsedMillis() + " ms), client "
                + rate(clientRate));
        http.delete(id);
    }

    /** Figure 2a: {@code bin/submit --range 1..10000000 --out FILE --no-progress} as a process. */
    void fileBySubmit(int run) throws IOException, InterruptedException {
        Path file = scratch.resolve("submit-w" + workers + "-" + run + ".tsv");
        Path output = scratch.resolve("submit-w" + workers + "-" + run + ".out");
        List<String> command = List.of(home.resolve("bin/submit").toString(), "--api", cluster.api().toString(),
                "--range", "1.." + FILE_INPUTS, "--out", file.toString(), "--no-progress");
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(JOB_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("bin/submit did not end within " + JOB_TIMEOUT.toMinutes() + " min");
        }
        long wallNanos = System.nanoTime() - start;
        if (process.exitValue() != 0) {
            throw new IOException("bin/submit exited with code " + process.exitValue() + ": " + lastLines(output));
        }
        JobStatus status = newestJob();
        if (status.total() != FILE_INPUTS || status.state() != JobState.SUCCEEDED) {
            throw new IOException("the newest job " + status.id() + " is not bin/submit's 10M job: " + status.state()
                    + ", total " + status.total());
        }
        Instant submittedAt = Instant.parse(status.submittedAt());
        Instant finishedAt = Instant.parse(status.finishedAt());
        long jobMillis = Duration.between(submittedAt, finishedAt).toMillis();
        // Where the rest of the wall time goes (same host, same clock): before the POST, after the end.
        long beforeSubmitMillis = Duration.between(startedAt, submittedAt).toMillis();
        long afterEndMillis = Duration.between(finishedAt, startedAt.plusNanos(wallNanos)).toMillis();
        long fileBytes = checkFile(file);
        double wallRate = perSecond(FILE_INPUTS, wallNanos);
        double jobRate = perSecond(FILE_INPUTS, millisToNanos(positive(jobMillis, status.id())));
        report.add(workers, "file.submit", wallRate);
        report.add(workers, "file.submit.job", jobRate);
        report.add(workers, "file.size", fileBytes / MIB);
        report.detail(workers, "file.submit", facts("run", run, "job", status.id(), "wallMillis",
                nanosToMillis(wallNanos), "jobMillis", jobMillis, "startToSubmittedMillis", beforeSubmitMillis,
                "finishedToExitMillis", afterEndMillis, "elapsedMillis", status.elapsedMillis(),
                "fileBytes", fileBytes, "workerNodes", status.workerNodes()));
        progress("bin/submit → file", run, rate(wallRate) + " (wall " + seconds(wallNanos) + ": start to submitted "
                + beforeSubmitMillis + " ms, job " + jobMillis + " ms, finished to exit " + afterEndMillis + " ms)");
        Files.deleteIfExists(file);
        http.delete(status.id());
    }

    /** Figure 2b: the API's submit → SUCCEEDED → results streamed into a file, closed. */
    void fileByApi(int run) throws IOException, InterruptedException {
        Path file = scratch.resolve("api-w" + workers + "-" + run + ".tsv");
        long start = System.nanoTime();
        String id = http.submit(rangeJob(FILE_INPUTS, null));
        JobStatus status = finished(id, FILE_INPUTS);
        long endedNanos = System.nanoTime() - start;
        try (InputStream in = http.results(id);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
            in.transferTo(out);
        }
        long totalNanos = System.nanoTime() - start;
        long fileBytes = checkFile(file);
        double rate = perSecond(FILE_INPUTS, totalNanos);
        double jobRate = perSecond(FILE_INPUTS, millisToNanos(positive(status.elapsedMillis(), id)));
        report.add(workers, "file.api", rate);
        report.add(workers, "file.api.job", jobRate);
        report.add(workers, "file.size", fileBytes / MIB);
        report.detail(workers, "file.api", facts("run", run, "job", id, "totalMillis", nanosToMillis(totalNanos),
                "untilSucceededMillis", nanosToMillis(endedNanos), "elapsedMillis", status.elapsedMillis(),
                "fileBytes", fileBytes, "workerNodes", status.workerNodes()));
        progress("API → file", run, rate(rate) + " (" + seconds(totalNanos) + ": job " + status.elapsedMillis()
                + " ms, SUCCEEDED seen at " + nanosToMillis(endedNanos) + " ms)");
        Files.deleteIfExists(file);
        http.delete(id);
    }

    /** Figure 3: as 2b, but the results are read and dropped (bytes and newlines counted). */
    void resultsDiscarded(int run) throws IOException, InterruptedException {
        long start = System.nanoTime();
        String id = http.submit(rangeJob(FILE_INPUTS, null));
        JobStatus status = finished(id, FILE_INPUTS);
        long endedNanos = System.nanoTime() - start;
        LineCounter counter;
        try (InputStream in = http.results(id)) {
            counter = LineCounter.count(in, BUFFER);
        }
        long totalNanos = System.nanoTime() - start;
        requireLines(counter, "the results of job " + id);
        double rate = perSecond(FILE_INPUTS, totalNanos);
        report.add(workers, "discard.api", rate);
        report.detail(workers, "discard", facts("run", run, "job", id, "totalMillis", nanosToMillis(totalNanos),
                "untilSucceededMillis", nanosToMillis(endedNanos), "elapsedMillis", status.elapsedMillis(),
                "bytes", counter.bytes()));
        progress("API → discarded", run, rate(rate) + " (" + seconds(totalNanos) + ": job " + status.elapsedMillis()
                + " ms)");
        http.delete(id);
    }

    /** Figure 4: single-input jobs one after another, POST to results read; {@code warmUp} jobs first, untimed. */
    void latency(int run, int warmUp) throws IOException, InterruptedException {
        for (int i = 0; i < warmUp; i++) {
            singleInputJob();
        }
        double[] millis = new double[LATENCY_JOBS];
        long[][] phases = new long[LATENCY_JOBS][];
        for (int i = 0; i < LATENCY_JOBS; i++) {
            phases[i] = singleInputJob();
            millis[i] = phases[i][3] / 1e6;
        }
        double p50 = Stats.percentile(millis, 50);
        double p90 = Stats.percentile(millis, 90);
        double p99 = Stats.percentile(millis, 99);
        double max = Stats.percentile(millis, 100);
        report.add(workers, "latency.p50", p50);
        report.add(workers, "latency.p90", p90);
        report.add(workers, "latency.p99", p99);
        report.add(workers, "latency.max", max);
        report.detail(workers, "latency", facts("run", run, "jobs", LATENCY_JOBS, "p50", p50, "p90", p90, "p99", p99,
                "max", max, "mean", Arrays.stream(millis).average().orElse(0),
                "p50PostMillis", phaseMedian(phases, 0), "p50UntilEndedMillis", phaseMedian(phases, 1),
                "p50ResultsMillis", phaseMedian(phases, 2),
                "statusRequestsPerJob", Arrays.stream(phases).mapToLong(p -> p[4]).average().orElse(0)));
        progress("latency", run, String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f, p99 %.2f, max %.2f "
                        + "(medians: POST %.2f, POST to ended seen %.2f, results %.2f ms)", p50, p90, p99, max,
                phaseMedian(phases, 0), phaseMedian(phases, 1), phaseMedian(phases, 2)));
    }

    /** The median of one phase of the single-input jobs, in ms: 0 POST, 1 POST to ended seen, 2 results. */
    private static double phaseMedian(long[][] phases, int phase) {
        return Stats.median(Arrays.stream(phases).mapToDouble(p -> p[phase] / 1e6).toArray());
    }

    /**
     * One single-input job: POST, wait for its end (re-asking at once), read its results. Answers
     * nanoseconds from the start to: the POST answered, the end seen, the results read (the
     * latency); and the number of status requests.
     */
    private long[] singleInputJob() throws IOException, InterruptedException {
        long start = System.nanoTime();
        String id = http.submit(LATENCY_BODY);
        long posted = System.nanoTime() - start;
        long polls = 0;
        long deadline = start + SINGLE_JOB_TIMEOUT.toNanos();
        JobStatus status;
        do {
            status = http.status(id, BenchHttp.WAIT_SECONDS);
            polls++;
            if (System.nanoTime() > deadline && !status.state().isFinal()) {
                throw new IOException("single-input job " + id + " did not end within "
                        + SINGLE_JOB_TIMEOUT.toSeconds() + " s (it is " + status.state() + ")");
            }
        } while (!status.state().isFinal());
        if (status.state() != JobState.SUCCEEDED) {
            throw new IOException("single-input job " + id + " ended " + status.state());
        }
        long ended = System.nanoTime() - start;
        String results = http.resultsText(id);
        long nanos = System.nanoTime() - start;
        if (!results.equals(LATENCY_RESULT)) {
            throw new IOException("single-input job " + id + " answered " + results.replace("\t", "\\t")
                    .replace("\n", "\\n") + " instead of 7\\t49\\n");
        }
        return new long[] {posted, ended, nanos - ended, nanos, polls};
    }

    /**
     * Figure 5: while a long job runs, starts one more worker JVM and times from just before its
     * start to a job's status listing a chunk done by it; then cancels the job and stops the worker.
     * A job that ends first is followed at once by another, so the cluster stays busy.
     */
    void newWorker(int run) throws IOException, InterruptedException {
        String id = http.submit(rangeJob(NEW_WORKER_RANGE_TO, NEW_WORKER_CHUNK));
        LocalNode extra = null;
        try {
            long deadline = System.nanoTime() + NEW_WORKER_TIMEOUT.toNanos();
            while (http.status(id, 0).completed() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the long job " + id + " completed nothing within "
                            + NEW_WORKER_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(10);
            }
            String key = null;
            int jobs = 1;
            long start = System.nanoTime();
            extra = cluster.startWorker("extra-worker-" + run);
            deadline = start + NEW_WORKER_TIMEOUT.toNanos();
            JobStatus status;
            while (true) {
                status = http.status(id, 0);
                if (key == null) {
                    // Its HOST:PORT, as the job's status names the node, once it has bound its port.
                    key = extra.ports().map(NodePorts::cluster).orElse(null);
                }
                if (key != null && status.workerNodes().containsKey(key)) {
                    break;
                }
                if (status.state().isFinal()) {
                    if (status.state() != JobState.SUCCEEDED) {
                        throw new IOException("the long job " + id + " ended " + status.state());
                    }
                    http.delete(id);
                    id = http.submit(rangeJob(NEW_WORKER_RANGE_TO, NEW_WORKER_CHUNK));
                    jobs++;
                    continue;
                }
                if (!extra.process().isAlive()) {
                    throw new IOException("the new worker JVM exited with code " + extra.process().exitValue()
                            + ": " + String.join(" | ", extra.tail(5)));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the new worker " + (key == null ? extra.name() : key)
                            + " got no chunk within " + NEW_WORKER_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(10);
            }
            long nanos = System.nanoTime() - start;
            report.add(workers, "newworker.firstChunk", nanos / 1e9);
            report.detail(workers, "newworker", facts("run", run, "job", id, "worker", key,
                    "millis", nanosToMillis(nanos), "longJobsUsed", jobs, "completedAtThatPoint", status.completed()));
            progress("new worker → first chunk", run, seconds(nanos));
        } finally {
            try {
                http.delete(id);
            } finally {
                if (extra != null) {
                    cluster.stop(extra);
                }
            }
        }
        // Back to W workers before the next run; then forget the cancelled job (gone already if it
        // had ended before the first DELETE).
        cluster.awaitWorkers(workers, NEW_WORKER_TIMEOUT);
        http.forget(id);
    }

    /** Resets the peak RSS of every node JVM (writes 5 to /proc/PID/clear_refs); false where Linux refuses. */
    boolean resetPeakMemory() {
        boolean all = true;
        for (LocalNode node : nodes()) {
            try {
                Files.writeString(Path.of("/proc", String.valueOf(node.pid()), "clear_refs"), "5");
            } catch (IOException | RuntimeException e) {
                all = false;
            }
        }
        return all;
    }

    /** Figure 6: VmHWM of the master and of worker 1, in MiB. */
    void peakMemory() throws IOException {
        double master = peakMib(cluster.master());
        double worker = peakMib(cluster.workers().get(0));
        report.add(workers, "memory.master", master);
        report.add(workers, "memory.worker", worker);
        report.detail(workers, "memory", facts("masterMiB", master, "worker1MiB", worker));
        progress("peak RSS", 0, String.format(Locale.ROOT, "master %.0f MiB, worker 1 %.0f MiB", master, worker));
    }

    private List<LocalNode> nodes() {
        List<LocalNode> nodes = new ArrayList<>(cluster.workers());
        nodes.add(0, cluster.master());
        return nodes;
    }

    private static double peakMib(LocalNode node) throws IOException {
        Path status = Path.of("/proc", String.valueOf(node.pid()), "status");
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring(6).strip().split("\\s+");
                return Long.parseLong(parts[0]) / 1024.0;
            }
        }
        throw new IOException(status + " has no VmHWM line");
    }

    private JobStatus finished(String id, long total) throws IOException, InterruptedException {
        JobStatus status = http.awaitEnd(id, POLL_PAUSE_MILLIS, JOB_TIMEOUT);
        if (status.state() != JobState.SUCCEEDED || status.completed() != total) {
            throw new IOException("job " + id + " ended " + status.state() + " with " + status.completed() + " of "
                    + total + " results" + (status.errors().isEmpty() ? "" : ": " + status.errors().get(0)));
        }
        seenJobs.add(id);
        return status;
    }

    private JobStatus newestJob() throws IOException, InterruptedException {
        JsonNode jobs = http.jobs();
        if (!jobs.isArray() || jobs.isEmpty()) {
            throw new IOException("GET /jobs lists no job after bin/submit ended");
        }
        JobStatus status = http.toStatus(jobs.get(0));
        if (!seenJobs.add(status.id())) {
            throw new IOException("GET /jobs lists no new job after bin/submit ended (newest: " + status.id() + ")");
        }
        return status;
    }

    /** Checks a result file of 1..10M: line count and last line; returns its size in bytes. */
    private static long checkFile(Path file) throws IOException {
        LineCounter counter;
        try (InputStream in = Files.newInputStream(file)) {
            counter = LineCounter.count(in, BUFFER);
        }
        requireLines(counter, file.toString());
        return counter.bytes();
    }

    private static void requireLines(LineCounter counter, String what) throws IOException {
        if (counter.lines() != FILE_INPUTS || !counter.endsWithNewline()
                || !counter.lastLine().equals(FILE_LAST_LINE)) {
            throw new IOException(what + " has " + counter.lines() + " lines ending with '"
                    + counter.lastLine().replace("\t", "\\t") + "', expected " + FILE_INPUTS + " ending with '"
                    + FILE_LAST_LINE.replace("\t", "\\t") + "'");
        }
    }

    static String rangeJob(long to, Integer chunkSize) {
        return "{\"function\":\"square\",\"range\":{\"from\":\"1\",\"to\":\"" + to + "\"}"
                + (chunkSize == null ? "" : ",\"chunkSize\":" + chunkSize) + "}";
    }

    private void progress(String figure, int run, String text) {
        log.println("  W=" + workers + " " + figure + (run > 0 ? " run " + run : "") + ": " + text);
    }

    private static String lastLines(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static Map<String, Object> facts(Object... keysAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            facts.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return facts;
    }

    private static long positive(long millis, String id) throws IOException {
        if (millis <= 0) {
            throw new IOException("job " + id + " reports an elapsed time of " + millis + " ms");
        }
        return millis;
    }

    private static double perSecond(long tasks, long nanos) {
        return tasks * 1e9 / nanos;
    }

    private static long millisToNanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static double nanosToMillis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f tasks/s", perSecond);
    }
}
