package io.computecluster.client.bench;

import io.computecluster.api.ClusterStatus;
import io.computecluster.client.ApiClient;
import io.computecluster.client.FreePorts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One master and W worker JVMs on loopback, started with {@code bin/master} and {@code bin/worker}
 * (so with their JVM options and {@code JAVA_OPTS}); {@link #close()} stops them all, workers first: SIGTERM, then SIGKILL after 10 s.
 */
final class BenchCluster implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final String MASTER_COMMAND = "master";
    static final String WORKER_COMMAND = "worker";
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** A node JVM: its name, cluster port, process and console output file. */
    record Node(String name, int port, Process process, Path console) {
        long pid() {
            return process.pid();
        }

        /** The last lines of its console output, for error messages. */
        String tail() {
            try {
                List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
                return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
            } catch (IOException e) {
                return "(no console output: " + e.getMessage() + ")";
            }
        }
    }

    private final Path home;
    private final Path logDir;
    private final PrintStream log;
    private final int clusterPort;
    private final URI api;
    private final ApiClient client;
    private final List<Node> nodes = new ArrayList<>();
    private Node master;
    private final List<Node> workers = new ArrayList<>();
    private boolean closed;

    private BenchCluster(Path home, Path logDir, PrintStream log, int clusterPort, int httpPort) {
        this.home = home;
        this.logDir = logDir;
        this.log = log;
        this.clusterPort = clusterPort;
        this.api = URI.create("http://" + HOST + ":" + httpPort);
        this.client = new ApiClient(api);
    }

    /** Starts a master and {@code workerCount} workers and waits until the master counts them all. */
    static BenchCluster start(Path home, Path logDir, int workerCount, PrintStream log)
            throws IOException, InterruptedException {
        int[] ports = FreePorts.pick(2 + workerCount);
        BenchCluster cluster = new BenchCluster(home, logDir, log, ports[0], ports[1]);
        try {
            cluster.master = cluster.startNode("master", MASTER_COMMAND, ports[0], List.of("--port",
                    String.valueOf(ports[0]), "--http-port", String.valueOf(ports[1]), "--management-port", "0",
                    "--seed", cluster.seed()));
            for (int i = 1; i <= workerCount; i++) {
                cluster.workers.add(cluster.startWorker("worker-" + i, ports[1 + i]));
            }
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

    Node master() {
        return master;
    }

    List<Node> workers() {
        return List.copyOf(workers);
    }

    /** Starts one more worker JVM on {@code port} that joins through the master. */
    synchronized Node startWorker(String name, int port) throws IOException {
        return startNode(name, WORKER_COMMAND, port, List.of("--port", String.valueOf(port), "--seed", seed()));
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
    synchronized void checkAlive() throws IOException {
        for (Node node : nodes) {
            if (!node.process().isAlive()) {
                throw new IOException(node.name() + " JVM (port " + node.port() + ") exited with code "
                        + node.process().exitValue() + "; last output: " + node.tail());
            }
        }
    }

    /** Stops one node (SIGTERM, SIGKILL after the grace period) and forgets it. */
    void stop(Node node) throws InterruptedException {
        synchronized (this) {
            nodes.remove(node);
            workers.remove(node);
        }
        stopAll(List.of(node));
    }

    /** Stops every node still running, workers first; safe to call more than once. */
    @Override
    public void close() {
        List<Node> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = List.copyOf(nodes);
        }
        try {
            stopAll(toStop.stream().filter(node -> node != master).toList());
            stopAll(toStop.stream().filter(node -> node == master).toList());
        } catch (InterruptedException e) {
            toStop.forEach(node -> node.process().destroyForcibly());
            Thread.currentThread().interrupt();
        }
    }

    private void stopAll(List<Node> group) throws InterruptedException {
        group.forEach(node -> node.process().destroy());
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Node node : group) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!node.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                log.println("warning: " + node.name() + " did not stop within " + STOP_GRACE.toSeconds()
                        + " s of SIGTERM; killing it");
                node.process().destroyForcibly();
                node.process().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts {@code bin/<command> args}: the JVM the script execs keeps the script's pid. */
    private synchronized Node startNode(String name, String command, int port, List<String> args)
            throws IOException {
        if (closed) {
            throw new IllegalStateException("the cluster is stopping");
        }
        Files.createDirectories(logDir);
        Path console = logDir.resolve(name + "-" + port + ".out");
        List<String> line = new ArrayList<>();
        line.add(home.resolve("bin").resolve(command).toString());
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().put("LOG_DIR", logDir.toString());
        // A job store of this cluster's own: never the installation's data/, never an earlier run's jobs.
        builder.environment().put("DATA_DIR", logDir.resolve("store-" + clusterPort).toString());
        Process process = builder.start();
        process.getOutputStream().close();
        Node node = new Node(name, port, process, console);
        nodes.add(node);
        return node;
    }

    private String seed() {
        return HOST + ":" + clusterPort;
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
