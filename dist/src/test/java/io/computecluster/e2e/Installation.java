package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;

import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNode.Role;
import io.computecluster.client.local.LocalNodes;
import io.computecluster.common.node.NodePorts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The project as a user has it: the {@code bin/} commands of the repository, started as real
 * processes (real JVMs) with their output in a folder per test, and stopped after the test. Masters
 * and workers are started through the project's one launcher of local nodes ({@link LocalNodes}):
 * each writes a ports file, and what it bound is read from there, never picked in advance.
 */
final class Installation implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("compute.home", "..")).toAbsolutePath().normalize();
    private static final Duration BIND_TIMEOUT = Duration.ofMinutes(2);

    private final Path workDir;
    private final Map<String, String> environment = new HashMap<>();
    private final LocalNodes nodes;
    private final Map<String, LocalNode> nodesByName = new LinkedHashMap<>();
    private final List<Process> commands = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Installation(String testName) {
        this.workDir = ROOT.resolve("dist/target/e2e").resolve(testName);
        try {
            // Log files, ports files and jobs of an earlier run would be read as this run's.
            deleteRecursively(logDir());
            deleteRecursively(dataDir());
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.nodes = new LocalNodes(LocalNodes.NodeCommand.scripts(ROOT), ROOT, workDir, "", new PrintStream(System.err));
        environment("COMPUTE_LOG_DIR", logDir().toString());
        environment("COMPUTE_DATA_DIR", dataDir().toString());
        environment("JAVA_OPTS", "-Xmx512m");
    }

    Path workDir() {
        return workDir;
    }

    /** The folder of the masters' job store (COMPUTE_DATA_DIR), one per test. */
    Path dataDir() {
        return workDir.resolve("data");
    }

    /** The folder of the nodes' log files. */
    Path logDir() {
        return workDir.resolve("logs");
    }

    /** Sets an environment variable for the commands started from now on. */
    Installation environment(String name, String value) {
        environment.put(name, value);
        nodes.environment(name, value);
        return this;
    }

    /**
     * Starts {@code bin/<command> args...}; stdout and stderr go to {@code <name>.out}. A master or a
     * worker also gets {@code --ports-file} (see {@link #node}); nothing else is added.
     */
    Process start(String name, String command, String... args) {
        try {
            if (command.equals(Role.MASTER.command()) || command.equals(Role.WORKER.command())) {
                Role role = command.equals(Role.MASTER.command()) ? Role.MASTER : Role.WORKER;
                LocalNode node = nodes.start(name, role, Arrays.asList(args));
                nodesByName.put(name, node);
                return node.process();
            }
            return startCommand(name, command, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code bin/<command> args...} as it is, whatever the command (no ports file). */
    Process startCommand(String name, String command, String... args) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(ROOT.resolve("bin").resolve(command).toString());
        line.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output(name).toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        synchronized (commands) {
            commands.add(process);
        }
        return process;
    }

    /** The master or worker started as {@code name}. */
    LocalNode node(String name) {
        LocalNode node = nodesByName.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node started as " + name + ": " + nodesByName.keySet());
        }
        return node;
    }

    /** What the node started as {@code name} has bound, once {@code what} is bound. */
    NodePorts ports(String name, java.util.function.Predicate<NodePorts> ready, String what) {
        try {
            return node(name).awaitPorts(ready, what, BIND_TIMEOUT);
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The log file of the node started as {@code name}, as its ports file names it. */
    Path logFile(String name) {
        return Path.of(ports(name, ports -> ports.logFile() != null, "its cluster port").logFile());
    }

    /** Runs {@code bin/<command> args...} to its end and returns its exit code. */
    int run(String name, Duration timeout, String command, String... args) {
        Process process = start(name, command, args);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within " + timeout + "; output:\n" + outputOf(name));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Path output(String name) {
        return workDir.resolve(name + ".out");
    }

    String outputOf(String name) {
        try {
            return Files.readString(output(name));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A master started by {@link #startMaster}: its cluster port, its seed address and its API's base URL. */
    record StartedMaster(Process process, int clusterPort, String seed, String api) {
    }

    /**
     * Starts {@code bin/master} as {@code master}, every port a free one and its own seed;
     * {@code extraArgs} follow. Returns once it has bound its cluster and HTTP ports.
     */
    StartedMaster startMaster(String... extraArgs) {
        return startMaster("master", List.of(), extraArgs);
    }

    /**
     * Starts {@code bin/master} as {@code name}, every port a free one, with the seeds
     * {@code otherSeeds} (a standby names the active master, so that it joins that cluster rather than
     * forming one), or none and then its own; {@code extraArgs} follow. Returns once it has bound its
     * cluster and HTTP ports.
     */
    StartedMaster startMaster(String name, List<String> otherSeeds, String... extraArgs) {
        List<String> args = new ArrayList<>();
        for (String other : otherSeeds) {
            args.addAll(List.of("--seed", other));
        }
        args.addAll(Arrays.asList(extraArgs));
        try {
            LocalNode master = nodes.startMaster(name, args);
            nodesByName.put(name, master);
            NodePorts ports = master.awaitPorts(bound -> bound.cluster() != null && bound.http() != null,
                    "its cluster and HTTP ports", BIND_TIMEOUT);
            return new StartedMaster(master.process(), ports.clusterPort().orElseThrow(), ports.cluster(), ports.http());
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A TCP port nothing listens on (bound and let go at once), for the address of a master that is
     * not there; no node is ever started on it.
     */
    static int portNobodyListensOn() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET {@code url}: the status and body, or null when nothing answers. */
    HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code GET url} answers 200 with a body containing {@code text}. */
    void awaitBody(String url, String text, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Process process : started()) {
                if (!process.isAlive() && process.exitValue() != 0 && process.exitValue() != 143) {
                    throw new AssertionError("a process exited with " + process.exitValue() + ": " + process.info());
                }
            }
            HttpResponse<String> response = get(url);
            return response != null && response.statusCode() == 200 && response.body().contains(text);
        });
    }

    private List<Process> started() {
        List<Process> all = new ArrayList<>(nodesByName.values().stream().map(LocalNode::process).toList());
        synchronized (commands) {
            all.addAll(commands);
        }
        return all;
    }

    /** Stops everything still running: the nodes workers first, SIGTERM then SIGKILL; then the commands. */
    @Override
    public void close() {
        nodes.close();
        List<Process> running;
        synchronized (commands) {
            running = List.copyOf(commands);
        }
        for (Process process : running) {
            process.destroy();
        }
        for (Process process : running) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
