package io.computecluster.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The node JVMs the demo starts on this host. Each runs a main class from this JVM's own class path
 * with this JVM's java binary; its console output goes to a file. {@link #close()} stops them all
 * (SIGTERM, then a kill after a grace period) and also runs from a shutdown hook, so Ctrl-C leaves
 * no JVM behind.
 */
final class LocalCluster implements AutoCloseable {
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** System properties handed on to the nodes: where the installation and log config are. */
    private static final List<String> INHERITED_PROPERTIES = List.of("logback.configurationFile", "compute.home");

    private final Path workDir;
    private final Path outputDir;
    private final PrintStream err;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Thread shutdownHook;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    /**
     * @param workDir   the nodes' working directory (their {@code logs/} is relative to it)
     * @param outputDir where each node's console output file goes
     */
    LocalCluster(Path workDir, Path outputDir, PrintStream err) {
        this.workDir = workDir;
        this.outputDir = outputDir;
        this.err = err;
        this.shutdownHook = new Thread(this::close, "demo-cluster-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM of at most {@code heap} memory; its
     * output goes to {@code <outputDir>/demo-<fileName>.out}.
     */
    synchronized NodeProcess start(String name, String fileName, int port, String mainClass, String heap,
                                   List<String> args) throws IOException {
        if (closed) {
            throw new IllegalStateException("the demo cluster is stopping");
        }
        Files.createDirectories(outputDir);
        Path output = outputDir.resolve("demo-" + fileName + ".out");
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx" + heap);
        String classArchive = System.getProperty("compute.class-archive");
        if (classArchive != null) {
            // Set by bin/ when the build's class data archive is there: the nodes start faster with it.
            command.addAll(List.of("-XX:SharedArchiveFile=" + classArchive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        for (String property : INHERITED_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
        // The local cluster's API stays open, on loopback: its own client sends no token.
        builder.environment().remove("API_TOKEN_FILE");
        Process process = builder.start();
        process.getOutputStream().close();
        NodeProcess node = new NodeProcess(name, port, process, output);
        nodes.add(node);
        return node;
    }

    /** Whether {@link #close()} has begun (Ctrl-C or the end of the demo). */
    synchronized boolean isClosed() {
        return closed;
    }

    synchronized List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The first node whose JVM has exited, if any. */
    synchronized Optional<NodeProcess> firstExited() {
        return nodes.stream().filter(node -> !node.isAlive()).findFirst();
    }

    /**
     * Stops every node: the workers first, so they leave while the master still runs, then the
     * rest; each group gets SIGTERM and up to {@link #STOP_GRACE} before it is killed.
     */
    @Override
    public void close() {
        List<NodeProcess> toStop;
        boolean alreadyClosing;
        synchronized (this) {
            alreadyClosing = closed;
            closed = true;
            toStop = List.copyOf(nodes);
        }
        if (alreadyClosing) {
            awaitStopped();
            return;
        }
        try {
            removeHook();
            stop(toStop.stream().filter(node -> node.name().startsWith("worker")).toList());
            stop(toStop.stream().filter(node -> !node.name().startsWith("worker")).toList());
        } finally {
            stopped.countDown();
        }
    }

    /** Ctrl-C while the nodes are being stopped: the hook waits for that instead of cutting it short. */
    private void awaitStopped() {
        try {
            stopped.await(STOP_GRACE.multipliedBy(2).plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop(List<NodeProcess> group) {
        for (NodeProcess node : group) {
            node.process().destroy();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (NodeProcess node : group) {
            try {
                long left = deadline - System.nanoTime();
                if (!node.process().waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    err.println("warning: " + node.name() + " did not stop within " + STOP_GRACE.toSeconds()
                            + " s; killing it");
                    node.process().destroyForcibly();
                    node.process().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.process().destroyForcibly();
            }
        }
    }

    private void removeHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs and finds the cluster closed.
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
