package io.computecluster.benchmarks.cluster;

import io.computecluster.api.ClusterStatus;
import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNodes;
import io.computecluster.compute.http.ApiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One master and W worker JVMs on loopback, started through {@link LocalNodes} with
 * {@code bin/master} and {@code bin/worker} (so with their JVM options and {@code JAVA_OPTS}), every
 * port a free one read from the nodes' ports files; {@link #close()} stops them all, workers first:
 * SIGTERM, then SIGKILL after 10 s.
 */
final class BenchCluster implements AutoCloseable {
    static final Duration STOP_GRACE = LocalNodes.STOP_GRACE;
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path logDir;
    private final LocalNodes nodes;
    private LocalNode master;
    private String seed;
    private URI api;
    private ApiClient client;
    private final List<LocalNode> workers = new ArrayList<>();

    private BenchCluster(Path home, Path logDir, PrintStream log) throws IOException {
        this.logDir = logDir;
        Files.createDirectories(logDir);
        this.nodes = new LocalNodes(LocalNodes.NodeCommand.scripts(home), home, logDir, "", log)
                .environment("COMPUTE_LOG_DIR", logDir.toString())
                // A job store of this cluster's own: never the installation's data/, never an earlier run's jobs.
                .environment("COMPUTE_DATA_DIR", Files.createTempDirectory(logDir, "store-").toString());
    }

    /** Starts a master and {@code workerCount} workers and waits until the master counts them all. */
    static BenchCluster start(Path home, Path logDir, int workerCount, PrintStream log)
            throws IOException, InterruptedException {
        BenchCluster cluster = new BenchCluster(home, logDir, log);
        try {
            cluster.master = cluster.nodes.startMaster("master", List.of());
            cluster.seed = cluster.master.awaitCluster(READY_TIMEOUT);
            for (int i = 1; i <= workerCount; i++) {
                cluster.workers.add(cluster.startWorker("worker-" + i));
            }
            cluster.api = cluster.master.awaitHttp(READY_TIMEOUT);
            cluster.client = new ApiClient(cluster.api);
            cluster.awaitWorkers(workerCount, READY_TIMEOUT);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    URI api() {
        return api;
    }

    LocalNode master() {
        return master;
    }

    List<LocalNode> workers() {
        return List.copyOf(workers);
    }

    /** Starts one more worker JVM that joins through the master; its port is in its ports file once bound. */
    LocalNode startWorker(String name) throws IOException {
        return nodes.startWorker(name, List.of("--seed", seed));
    }

    /**
     * Waits until {@code /health} answers 200 and {@code /cluster} counts exactly {@code count} worker
     * nodes; fails naming the node when one of the JVMs exits.
     */
    void awaitWorkers(int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "not answering";
        while (true) {
            checkAlive();
            try {
                if (client.healthy()) {
                    ClusterStatus status = client.cluster();
                    if (status.workerNodeCount() == count) {
                        return;
                    }
                    state = "up with " + status.workerNodeCount() + " of " + count + " worker nodes";
                } else {
                    state = "not up yet (/health answers 503)";
                }
            } catch (IOException e) {
                state = "not answering (" + e.getMessage() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the cluster was not ready within " + timeout.toSeconds() + " s: the master is "
                        + state + "; node logs in " + logDir);
            }
            Thread.sleep(100);
        }
    }

    /** Throws when a node JVM this cluster started (and did not stop) has exited. */
    void checkAlive() throws IOException {
        for (LocalNode node : nodes.nodes()) {
            if (!node.isAlive()) {
                throw new IOException(node.name() + " JVM (" + node.ports().map(p -> p.cluster()).orElse("no port yet")
                        + ") exited with code " + node.process().exitValue() + "; last output: "
                        + String.join(" | ", node.tail(5)));
            }
        }
    }

    /** Stops one node (SIGTERM, SIGKILL after the grace period) and forgets it. */
    void stop(LocalNode node) {
        synchronized (this) {
            workers.remove(node);
        }
        nodes.stop(node);
    }

    /** Stops every node still running, workers first; safe to call more than once. */
    @Override
    public void close() {
        nodes.close();
    }

    /** {@code java} and {@code JAVA_OPTS}, as {@code bin/lib/launch.sh} puts them. */
    static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        command.add(javaHome == null || javaHome.isEmpty() ? "java" : Path.of(javaHome, "bin", "java").toString());
        String opts = System.getenv("JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            command.addAll(Arrays.asList(opts.strip().split("\\s+")));
        }
        return command;
    }
}
