package io.computecluster.client.local;

import io.computecluster.client.local.LocalNode.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one way this project starts node JVMs on this host: for {@code bin/demo}, {@code bench/run}
 * and the end-to-end tests. Every node gets a ports file ({@code --ports-file}) and, unless told
 * otherwise, port 0 for everything it binds; what it bound is read from that file
 * ({@link LocalNode#awaitCluster}, {@link LocalNode#awaitHttp}), never picked in advance, so no
 * other process can take a port between a pick and a bind. Console output and ports files go to
 * {@code <outputDir>/<prefix><name>.out} and {@code .ports.json}. {@link #close()} stops every
 * node, the workers first so that they leave while a master still runs: SIGTERM, then SIGKILL
 * after {@link #STOP_GRACE}.
 */
public final class LocalNodes implements AutoCloseable {
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** The command line that starts a node JVM of a role; the node's own arguments follow it. */
    @FunctionalInterface
    public interface NodeCommand {
        List<String> of(Role role);

        /** {@code bin/master} and {@code bin/worker} of the installation at {@code home}, with their JVM options. */
        static NodeCommand scripts(Path home) {
            return role -> List.of(home.resolve("bin").resolve(role.command()).toString());
        }

        /**
         * The role's main class on this JVM's class path with this JVM's java binary, at most
         * {@code heaps} memory, with the class data archive and the system properties {@code bin/}
         * gave this JVM.
         */
        static NodeCommand thisClassPath(Map<Role, String> heaps) {
            return role -> {
                List<String> command = new ArrayList<>();
                command.add(ProcessHandle.current().info().command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.add("-Xmx" + heaps.get(role));
                String classArchive = System.getProperty("compute.class-archive");
                if (classArchive != null) {
                    // Set by bin/ when the build's class data archive is there: nodes start faster with it.
                    command.addAll(List.of("-XX:SharedArchiveFile=" + classArchive, "-Xlog:cds=off",
                            "-Xlog:cds+dynamic=off"));
                }
                for (String property : List.of("logback.configurationFile", "compute.home")) {
                    String value = System.getProperty(property);
                    if (value != null) {
                        command.add("-D" + property + "=" + value);
                    }
                }
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), role.mainClass()));
                return command;
            };
        }
    }

    private final NodeCommand command;
    private final Path workDir;
    private final Path outputDir;
    private final String prefix;
    private final PrintStream err;
    private final Map<String, String> environment = new HashMap<>();
    private final List<LocalNode> nodes = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread shutdownHook;
    private boolean closed;

    /**
     * @param workDir   the nodes' working directory (a relative {@code logs/} is taken from it)
     * @param outputDir where console output and ports files go
     * @param prefix    put before each node's name in those files' names ({@code demo-})
     * @param err       where a node that has to be killed is reported
     */
    public LocalNodes(NodeCommand command, Path workDir, Path outputDir, String prefix, PrintStream err) {
        this.command = command;
        this.workDir = workDir;
        this.outputDir = outputDir;
        this.prefix = prefix;
        this.err = err;
    }

    /** Sets ({@code value} non-null) or removes an environment variable of the nodes started from now on. */
    public synchronized LocalNodes environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Stops every node also when this JVM exits (Ctrl-C). */
    public synchronized LocalNodes stopOnExit() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::close, "local-nodes-stopper");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /**
     * Starts a master; unless {@code args} say otherwise, every port 0 and {@code --seed self}, so
     * that it forms a cluster of its own at once.
     */
    public LocalNode startMaster(String name, List<String> args) throws IOException {
        return start(name, Role.MASTER, withDefaults(args, List.of("--port", "0", "--http-port", "0",
                "--management-port", "0", "--seed", "self")));
    }

    /** Starts a worker; unless {@code args} say otherwise, every port 0. Give it {@code --seed}. */
    public LocalNode startWorker(String name, List<String> args) throws IOException {
        return start(name, Role.WORKER, withDefaults(args, List.of("--port", "0", "--management-port", "0")));
    }

    /** Starts a node of {@code role} with exactly {@code args}, and its ports file. */
    public synchronized LocalNode start(String name, Role role, List<String> args) throws IOException {
        if (closed) {
            throw new IllegalStateException("the local nodes are stopping");
        }
        Files.createDirectories(outputDir);
        String fileName = prefix + name.replace(' ', '-');
        Path output = outputDir.resolve(fileName + ".out");
        Path portsFile = outputDir.resolve(fileName + ".ports.json").toAbsolutePath();
        // An earlier run's file would be read as this node's.
        Files.deleteIfExists(portsFile);
        List<String> line = new ArrayList<>(command.of(role));
        line.addAll(args);
        line.addAll(List.of("--ports-file", portsFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(line).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        LocalNode node = new LocalNode(name, role, process, output, portsFile);
        nodes.add(node);
        return node;
    }

    /** {@code args} with each of {@code defaults}' options ({@code --name value} pairs) they do not give. */
    static List<String> withDefaults(List<String> args, List<String> defaults) {
        List<String> all = new ArrayList<>(args);
        for (int i = 0; i < defaults.size(); i += 2) {
            String option = defaults.get(i);
            boolean given = args.stream().anyMatch(arg -> arg.equals(option) || arg.startsWith(option + "="));
            if (!given) {
                all.add(option);
                all.add(defaults.get(i + 1));
            }
        }
        return all;
    }

    /** Whether {@link #close()} has begun (Ctrl-C, or the end). */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** The nodes started and not stopped one by one, in the order they were started. */
    public synchronized List<LocalNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The first node whose JVM has exited, if any. */
    public synchronized Optional<LocalNode> firstExited() {
        return nodes.stream().filter(node -> !node.isAlive()).findFirst();
    }

    /** Stops one node (SIGTERM, SIGKILL after the grace period) and forgets it. */
    public void stop(LocalNode node) {
        synchronized (this) {
            nodes.remove(node);
        }
        stop(List.of(node));
    }

    /** Stops every node, workers first; safe to call more than once (a second call waits for the first). */
    @Override
    public void close() {
        List<LocalNode> toStop;
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
            stop(toStop.stream().filter(node -> node.role() == Role.WORKER).toList());
            stop(toStop.stream().filter(node -> node.role() != Role.WORKER).toList());
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

    private void stop(List<LocalNode> group) {
        for (LocalNode node : group) {
            node.process().destroy();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (LocalNode node : group) {
            try {
                long left = deadline - System.nanoTime();
                if (!node.process().waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    err.println("warning: " + node.name() + " did not stop within " + STOP_GRACE.toSeconds()
                            + " s of SIGTERM; killing it");
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
        Thread hook;
        synchronized (this) {
            hook = shutdownHook;
        }
        if (hook == null || Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs and finds the nodes stopped.
        }
    }
}
