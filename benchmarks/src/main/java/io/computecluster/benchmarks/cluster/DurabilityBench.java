package io.computecluster.benchmarks.cluster;

import io.computecluster.api.JobStatus;
import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNodes;
import io.computecluster.common.cli.Version;
import io.computecluster.common.input.IntegerParser;
import io.computecluster.common.input.IntegerRange;
import io.computecluster.compute.http.ApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code bench/durability}: what keeping jobs in the job store costs and buys, with real JVMs of
 * the installation on loopback. Prints a markdown table and writes it under bench/results/:
 * <ul>
 *   <li>a 10-million input job with 2 worker JVMs, end to end, and the store's size after it;</li>
 *   <li>recovery: a master started on that store, until it has read the job back;</li>
 *   <li>takeover: two masters, the active one killed with SIGKILL in the middle of a 10-million
 *       input job, until the standby has recovered it, and until the job ends.</li>
 * </ul>
 */
public final class DurabilityBench {
    private static final Pattern RECOVERED = Pattern.compile("Recovered (\\d+) jobs \\((\\d+) not ended, (\\d+) results\\)"
            + " from the job store \\S+ in (\\d+) ms");
    private static final long TOTAL = 10_000_000;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final Path home;
    private final Path runDir;
    private LocalNodes nodes;
    private final List<String[]> rows = new ArrayList<>();

    private DurabilityBench(Path home, Path runDir) {
        this.home = home;
        this.runDir = runDir;
    }

    static final String USAGE = "usage: bench/durability [--version | --help]";

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--version")) {
            System.out.println(Version.text());
            return;
        }
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        if (args.length > 0) {
            // It takes no options: an unknown one must not start ten minutes of JVMs.
            System.err.println("error: unknown option '" + args[0] + "' (" + USAGE + ")");
            System.exit(2);
        }
        Path home = Path.of(System.getProperty("compute.home", ".")).toAbsolutePath().normalize();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        // Logs and job stores go under target/, the table under bench/results/.
        Path runDir = home.resolve("target/bench/durability-" + stamp);
        DurabilityBench bench = new DurabilityBench(home, runDir);
        try {
            bench.jobAndRecovery();
            bench.takeover();
        } finally {
            bench.stopAll();
        }
        String table = bench.table();
        System.out.println(table);
        Files.writeString(home.resolve("bench/results/durability-" + stamp + ".md"), table);
    }

    private void jobAndRecovery() throws Exception {
        Path store = runDir.resolve("store-recovery");
        LocalNode master = master("master", store);
        String seed = master.awaitCluster(READY_TIMEOUT);
        worker("worker-1", seed);
        worker("worker-2", seed);
        ApiClient api = new ApiClient(master.awaitHttp(READY_TIMEOUT));
        awaitWorkers(api, 2);

        long start = System.nanoTime();
        String id = api.submitRange("square", range().from(), range().to(), null);
        JobStatus status = awaitEnd(api, id);
        double jobSeconds = seconds(start);
        api.downloadResults(id, OutputStream.nullOutputStream());
        row("10M job, 2 worker JVMs, results stored: submit to SUCCEEDED", String.format("%.2f s (%,.0f tasks/s)",
                jobSeconds, TOTAL / jobSeconds));
        row("job store after it (H2 files)", String.format("%.0f MiB", size(store) / 1048576.0));
        stopAll();

        long restart = System.nanoTime();
        LocalNode recovering = master("master-again", store);
        Matcher recovered = awaitLog(recovering);
        double toRecovered = seconds(restart);
        ApiClient restarted = new ApiClient(recovering.awaitHttp(READY_TIMEOUT));
        long download = System.nanoTime();
        long bytes = restarted.downloadResults(id, OutputStream.nullOutputStream());
        row("recovery: the master reads the 10M job back (its own log)", recovered.group(4) + " ms ("
                + String.format("%,d", Long.parseLong(recovered.group(3))) + " results)");
        row("recovery: master JVM start to job recovered", String.format("%.2f s", toRecovered));
        row("results of the recovered job downloaded", String.format("%.2f s (%,d MiB)", seconds(download),
                bytes / 1048576));
        if (status.completed() != TOTAL) {
            throw new IllegalStateException("the job completed " + status.completed() + " of " + TOTAL);
        }
        stopAll();
    }

    private void takeover() throws Exception {
        Path store = runDir.resolve("store-takeover");
        LocalNode active = master("master-1", store);
        String seed = active.awaitCluster(READY_TIMEOUT);
        ApiClient first = new ApiClient(active.awaitHttp(READY_TIMEOUT));
        awaitWorkers(first, 0);
        LocalNode standby = master("master-2", store, "--seed", seed);
        worker("worker-1", seed);
        worker("worker-2", seed);
        ApiClient second = new ApiClient(standby.awaitHttp(READY_TIMEOUT));
        awaitWorkers(second, 2);

        long start = System.nanoTime();
        String id = second.submitRange("square", range().from(), range().to(), 2000);
        while (second.status(id).completed() < TOTAL / 2) {
            Thread.sleep(5);
        }
        long done = second.status(id).completed();
        active.process().destroyForcibly();
        long killed = System.nanoTime();
        Matcher recovered = awaitLog(standby);
        double toRecovered = seconds(killed);
        JobStatus status = awaitEnd(second, id);
        row("takeover: SIGKILL of the active master at " + done * 100 / TOTAL + " % of a 10M job, to the standby"
                + " having recovered it", String.format("%.2f s (recovery itself %s ms)", toRecovered,
                recovered.group(4)));
        row("takeover: SIGKILL to the job's end / whole job", String.format("%.2f s / %.2f s", seconds(killed),
                seconds(start)));
        if (status.completed() != TOTAL) {
            throw new IllegalStateException("the job completed " + status.completed() + " of " + TOTAL);
        }
    }

    private static IntegerRange range() {
        try {
            return IntegerRange.parse("1.." + TOTAL, new IntegerParser(20));
        } catch (io.computecluster.common.input.InputException e) {
            throw new IllegalStateException(e);
        }
    }

    private JobStatus awaitEnd(ApiClient api, String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JobStatus status = api.awaitStatus(id, Duration.ofSeconds(10));
                if (status.state().isFinal()) {
                    return status;
                }
            } catch (IOException e) {
                Thread.sleep(200); // the master moves
            }
        }
        throw new IllegalStateException("job " + id + " did not end within " + JOB_TIMEOUT);
    }

    private void awaitWorkers(ApiClient api, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try {
                if (api.healthy() && api.cluster().workerActorCount() >= count * 2) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster did not get ready in 2 minutes; see " + runDir);
    }

    private Matcher awaitLog(LocalNode node) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Matcher matcher = RECOVERED.matcher(Files.readString(node.output()));
            if (matcher.find()) {
                return matcher;
            }
            if (!node.isAlive()) {
                throw new IllegalStateException(node.name() + " exited with " + node.process().exitValue() + "; see "
                        + runDir);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(node.name() + " did not recover its jobs in 2 minutes; see " + runDir);
    }

    /** A master on free ports with the job store {@code store}; its own seed unless {@code args} give one. */
    private LocalNode master(String name, Path store, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--data-dir", store.toString()));
        all.addAll(List.of(args));
        return nodes().startMaster(name, all);
    }

    private LocalNode worker(String name, String seed) throws IOException {
        return nodes().startWorker(name, List.of("--seed", seed));
    }

    /** The nodes of the current scenario, started with bin/ of the installation. */
    private LocalNodes nodes() throws IOException {
        if (nodes == null) {
            Files.createDirectories(runDir);
            nodes = new LocalNodes(LocalNodes.NodeCommand.scripts(home), home, runDir, "", System.err)
                    .environment("COMPUTE_LOG_DIR", runDir.resolve("logs").toString());
        }
        return nodes;
    }

    /** Stops every node of the scenario (SIGTERM, SIGKILL after 10 s); the next one starts fresh. */
    private void stopAll() {
        if (nodes != null) {
            nodes.close();
            nodes = null;
        }
    }

    private void row(String figure, String value) {
        rows.add(new String[] {figure, value});
        System.err.println(figure + ": " + value);
    }

    private String table() {
        StringBuilder out = new StringBuilder("| figure (bench/durability, H2 job store) | value |\n|---|---:|\n");
        rows.forEach(row -> out.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n"));
        return out.toString();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
