package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The project as a user has it: the {@code bin/} commands of the repository, started as real
 * processes (real JVMs) with their output in a folder per test, and stopped after the test.
 */
final class Installation implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("compute.home", "..")).toAbsolutePath().normalize();

    private final Path workDir;
    private final Map<String, String> environment = new HashMap<>();
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Installation(String testName) {
        this.workDir = ROOT.resolve("dist/target/e2e").resolve(testName);
        try {
            // Log files and jobs of an earlier run would be read as this run's.
            deleteRecursively(logDir());
            deleteRecursively(dataDir());
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path workDir() {
        return workDir;
    }

    /** The folder of the masters' job store (DATA_DIR), one per test. */
    Path dataDir() {
        return workDir.resolve("data");
    }

    /** The folder of the nodes' log files. */
    Path logDir() {
        return workDir.resolve("logs");
    }

    /** The log file of the node with {@code role} on cluster port {@code port}. */
    Path logFile(String role, int port) {
        return logDir().resolve(role + "-" + port + ".log");
    }

    /** Sets an environment variable for the commands started from now on. */
    Installation environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts {@code bin/<command> args...}; stdout and stderr go to {@code <name>.out}. */
    Process start(String name, String command, String... args) {
        List<String> line = new ArrayList<>();
        line.add(ROOT.resolve("bin").resolve(command).toString());
        line.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output(name).toFile());
        builder.environment().put("LOG_DIR", logDir().toString());
        builder.environment().put("DATA_DIR", dataDir().toString());
        builder.environment().put("JAVA_OPTS", "-Xmx512m");
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
     * Starts {@code bin/master} as {@code master} on free cluster, HTTP and management ports, its own
     * seed; {@code extraArgs} follow.
     */
    StartedMaster startMaster(String... extraArgs) {
        return startMaster("master", List.of(), extraArgs);
    }

    /**
     * Starts {@code bin/master} as {@code name} on free cluster, HTTP and management ports, with the
     * seeds {@code otherSeeds} and then its own address (a standby master names the active one's
     * first, so that it joins that cluster rather than forming one); {@code extraArgs} follow.
     */
    StartedMaster startMaster(String name, List<String> otherSeeds, String... extraArgs) {
        int clusterPort = freePort();
        int httpPort = freePort();
        String seed = "127.0.0.1:" + clusterPort;
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(clusterPort),
                "--http-port", String.valueOf(httpPort), "--management-port", "0"));
        for (String other : otherSeeds) {
            args.addAll(List.of("--seed", other));
        }
        args.addAll(List.of("--seed", seed));
        args.addAll(Arrays.asList(extraArgs));
        Process process = start(name, "master", args.toArray(String[]::new));
        return new StartedMaster(process, clusterPort, seed, "http://127.0.0.1:" + httpPort);
    }

    /**
     * A TCP port nobody listens on right now, below the ephemeral range (32768 and up on Linux):
     * a node started with port 0 takes an ephemeral one, so it never takes a port a test chose
     * for a node that is still starting.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port found between 20000 and 32000");
    }

    /** GET {@code url}: the status and body, or status 0 when nothing answers. */
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
            for (Process process : started) {
                if (!process.isAlive() && process.exitValue() != 0 && process.exitValue() != 143) {
                    throw new AssertionError("a process exited with " + process.exitValue() + ": " + process.info());
                }
            }
            HttpResponse<String> response = get(url);
            return response != null && response.statusCode() == 200 && response.body().contains(text);
        });
    }

    /** Stops everything still running: SIGTERM first, then SIGKILL. */
    @Override
    public void close() {
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
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
