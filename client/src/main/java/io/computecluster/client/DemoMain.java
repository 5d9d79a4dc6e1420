package io.computecluster.client;

import io.computecluster.api.ClusterStatus;
import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNode.Role;
import io.computecluster.client.local.LocalNodes;
import io.computecluster.common.cli.Version;
import io.computecluster.common.input.IntegerRange;
import io.computecluster.common.node.NodePorts;
import io.computecluster.compute.http.ApiClient;
import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.MasterFailover;
import io.computecluster.compute.http.MasterUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/demo}: starts a master and N worker JVMs on loopback, squares a range on them,
 * verifies every result while it streams in, prints a summary and stops every JVM it started.
 */
@Command(name = "demo", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Starts a master and N worker JVMs on 127.0.0.1, squares a range on them,",
                "checks every result, prints a summary and stops the JVMs again.",
                "Exit codes: 0 all results exact, 1 wrong results or a node failed, 2 bad usage,",
                "3 job failed, 4 master unreachable."})
public final class DemoMain implements Callable<Integer> {
    static final String FUNCTION = "square";
    static final String HOST = "127.0.0.1";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** The master keeps the results of finished jobs in memory for their download. */
    static final String MASTER_HEAP = "2g";
    static final String WORKER_HEAP = "512m";

    @Option(names = "--workers", paramLabel = "N", converter = PositiveIntConverter.class, defaultValue = "2",
            description = "Worker JVMs to start (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--range", paramLabel = "A..B", converter = IntegerRangeConverter.class,
            defaultValue = "1..100000", description = "The integers to square (default: ${DEFAULT-VALUE}).")
    IntegerRange range;

    @Option(names = "--chunk", paramLabel = "N", converter = PositiveIntConverter.class,
            description = "Inputs per task sent to a worker (default: the master's).")
    Integer chunk;

    @Option(names = "--keep-running", description = "Leave the cluster up after the job, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Certificates of the nodes (bin/gen-certs DIR); default conf/tls, made on first use.")
    Path tlsDir;

    @Option(names = "--no-progress", description = "Show no progress on stderr.")
    boolean noProgress;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean terminal;

    DemoMain(PrintStream stdout, PrintStream stderr, boolean terminal) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command as {@code bin/demo} does and returns its exit code instead of exiting. */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    static int run(PrintStream stdout, PrintStream stderr, String... args) {
        return Cli.execute(new DemoMain(stdout, stderr, System.console() != null), args, stdout, stderr);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        Path home = Path.of(System.getProperty("compute.home", "")).toAbsolutePath();
        Path logs = home.resolve("logs");
        // The demo's cluster is a throwaway: its job store too, so that it never replays old demos' jobs.
        Path store = Files.createTempDirectory("compute-demo-store-");
        LocalNodes.NodeCommand jvms = LocalNodes.NodeCommand.thisClassPath(
                Map.of(Role.MASTER, MASTER_HEAP, Role.WORKER, WORKER_HEAP));
        // The local cluster's API stays open, on loopback: its own client sends no token.
        try (LocalNodes nodes = new LocalNodes(jvms, home, logs, "demo-", stderr)
                .environment("COMPUTE_API_TOKEN_FILE", null).stopOnExit()) {
            stderr.println("Starting a master and " + workers + " worker JVM" + (workers == 1 ? "" : "s") + " on "
                    + HOST + " (every port a free one); console output in " + display(logs.resolve("demo-*.out")));
            long startNanos = System.nanoTime();
            // Its own seed: a cluster of its own at once, whatever runs on this host's default port.
            LocalNode master = nodes.startMaster("master", withTlsDir("--data-dir", store.toString()));
            String seed = bound(() -> master.awaitCluster(READY_TIMEOUT));
            List<LocalNode> workerNodes = new ArrayList<>();
            for (int i = 1; i <= workers; i++) {
                workerNodes.add(nodes.startWorker("worker " + i, withTlsDir("--seed", seed)));
            }
            URI api = bound(() -> master.awaitHttp(READY_TIMEOUT));
            ApiClient client = new ApiClient(api);
            ClusterStatus ready = new ClusterReadiness(client, nodes, Duration.ofMillis(100))
                    .await(master, workerNodes, READY_TIMEOUT);
            stderr.println("Cluster ready in " + Formats.seconds(millisSince(startNanos)) + ": "
                    + plural(ready.workerNodeCount(), "worker node") + ", " + plural(ready.workerActorCount(), "worker actor")
                    + " (cluster port " + seed + ", API " + api + ")");
            return runAndKeep(nodes, master, client, api, seed);
        } finally {
            deleteQuietly(store);
        }
    }

    /** A port a node bound, read from its ports file; a node that exits first fails the demo with its output. */
    private static <T> T bound(PortWait<T> wait) throws CommandFailure, InterruptedException {
        try {
            return wait.get();
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILURE, e.getMessage(), e);
        }
    }

    /** Waits for a port in a node's ports file. */
    @FunctionalInterface
    private interface PortWait<T> {
        T get() throws IOException, InterruptedException;
    }

    /** Runs the job, then leaves the cluster up when asked to. */
    private int runAndKeep(LocalNodes nodes, LocalNode master, ApiClient client, URI api, String seed)
            throws IOException, InterruptedException, CommandFailure {
        int exitCode;
        try {
            exitCode = runJob(client);
        } catch (MasterUnreachableException e) {
            if (nodes.isClosed()) {
                // Ctrl-C: the shutdown hook is stopping the nodes; nothing went wrong.
                return 130;
            }
            if (!master.isAlive()) {
                throw new CommandFailure(ExitCode.UNREACHABLE, "the master JVM exited with code "
                        + master.process().exitValue() + " during the job" + master.tail(), e);
            }
            throw e;
        }
        if (exitCode == ExitCode.OK && keepRunning) {
            return keepRunning(nodes, master, api, seed);
        }
        return exitCode;
    }

    /** Removes the demo's job store once its nodes have stopped. */
    private static void deleteQuietly(Path folder) {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder: the system cleans it up eventually.
        }
    }

    /** A node's arguments, with the demo's --tls-dir passed on (absolute: the nodes run in the home folder). */
    private List<String> withTlsDir(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (tlsDir != null) {
            all.add("--tls-dir");
            all.add(tlsDir.toAbsolutePath().normalize().toString());
        }
        return all;
    }

    private int runJob(ApiClient client) throws IOException, InterruptedException, CommandFailure {
        long submitted = System.nanoTime();
        String jobId;
        try {
            jobId = client.submitRange(FUNCTION, range.from(), range.to(), chunk);
        } catch (ApiException e) {
            int code = switch (e.status()) {
                case 400, 413 -> ExitCode.USAGE;
                case 503 -> ExitCode.UNREACHABLE;
                default -> ExitCode.FAILURE;
            };
            throw new CommandFailure(code, "the master rejected the job: " + e.error(), e);
        }
        JobStatus status;
        try (Progress progress = Progress.forJob(jobId, !noProgress, terminal, stderr)) {
            status = new JobWaiter(MasterFailover.single(client)).await(jobId, progress);
        }
        if (status.state() == JobState.FAILED) {
            stderr.println("error: " + JobOutcome.failed(status));
            return ExitCode.JOB_FAILED;
        }
        if (status.state() == JobState.CANCELLED) {
            stderr.println("error: " + JobOutcome.cancelled(status));
            return ExitCode.FAILURE;
        }
        ResultVerifier.Verification verification;
        try (InputStream results = client.openResults(jobId)) {
            verification = ResultVerifier.verify(range, results);
        }
        long wallMillis = millisSince(submitted);
        if (!verification.ok()) {
            stderr.println("error: the results of job " + jobId + " are wrong: " + verification.describe());
            return ExitCode.FAILURE;
        }
        stdout.print(DemoSummary.format(FUNCTION, range, status, verification, wallMillis));
        stdout.flush();
        return ExitCode.OK;
    }

    /** Leaves the cluster up until Ctrl-C (the shutdown hook stops it) or until the master exits. */
    private int keepRunning(LocalNodes nodes, LocalNode master, URI api, String seed) throws InterruptedException {
        String health = master.ports().flatMap(NodePorts::managementUri).map(uri -> uri + "/ready")
                .orElse("(not served yet: see " + master.output() + ")");
        stdout.println();
        stdout.println("Cluster is running: status page " + api + "/  (Ctrl-C to stop)");
        stdout.println("  cluster port  " + seed + "  (add a worker: bin/worker --seed " + seed + ")");
        stdout.println("  API           " + api + "/cluster   " + api + "/jobs   " + api + "/metrics");
        stdout.println("  health        " + health + "   (bin/status --api " + api + ")");
        stdout.println("  submit        bin/submit --api " + api + " --range 1..1000000 --out results.tsv");
        stdout.flush();
        int code = master.process().waitFor();
        if (nodes.isClosed()) {
            return ExitCode.OK;
        }
        // Give a concurrent Ctrl-C time to be seen before calling the exit unexpected.
        TimeUnit.MILLISECONDS.sleep(200);
        if (nodes.isClosed()) {
            return ExitCode.OK;
        }
        stderr.println("error: the master JVM exited with code " + code + master.tail());
        return ExitCode.FAILURE;
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static Path display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path) : path;
    }
}
