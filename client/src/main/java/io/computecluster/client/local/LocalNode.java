package io.computecluster.client.local;

import io.computecluster.common.node.NodePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A node JVM started by {@link LocalNodes}: its name for messages ({@code worker 2}), its role, the
 * process, the file its console output goes to and its ports file, from which what it bound is read.
 */
public final class LocalNode {
    /** How often a wait looks at the ports file again. */
    private static final Duration POLL = Duration.ofMillis(50);

    /** The two kinds of node, each with its {@code bin/} command and main class. */
    public enum Role {
        MASTER("master", "io.computecluster.master.MasterMain"),
        WORKER("worker", "io.computecluster.worker.WorkerMain");

        private final String command;
        private final String mainClass;

        Role(String command, String mainClass) {
            this.command = command;
            this.mainClass = mainClass;
        }

        /** {@code master} or {@code worker}: the {@code bin/} script. */
        public String command() {
            return command;
        }

        public String mainClass() {
            return mainClass;
        }
    }

    private final String name;
    private final Role role;
    private final Process process;
    private final Path output;
    private final Path portsFile;

    LocalNode(String name, Role role, Process process, Path output, Path portsFile) {
        this.name = name;
        this.role = role;
        this.process = process;
        this.output = output;
        this.portsFile = portsFile;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file its stdout and stderr go to. */
    public Path output() {
        return output;
    }

    /** The file it writes what it bound to ({@code --ports-file}). */
    public Path portsFile() {
        return portsFile;
    }

    /** What it has bound so far (empty before its cluster port). */
    public Optional<NodePorts> ports() {
        try {
            return NodePorts.read(portsFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its cluster {@code HOST:PORT} (what other nodes give as {@code --seed}), waiting until it is bound. */
    public String awaitCluster(Duration timeout) throws IOException, InterruptedException {
        return awaitPorts(ports -> ports.cluster() != null, "its cluster port", timeout).cluster();
    }

    /** Its HTTP API's base URL (a master), waiting until it is bound. */
    public java.net.URI awaitHttp(Duration timeout) throws IOException, InterruptedException {
        return awaitPorts(ports -> ports.http() != null, "its HTTP API", timeout).httpUri().orElseThrow();
    }

    /**
     * Waits until its ports file shows {@code what} ({@code ready}); fails naming the node and showing
     * the end of its output when its JVM exits first or the time is up.
     */
    public NodePorts awaitPorts(Predicate<NodePorts> ready, String what, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<NodePorts> ports = ports();
            if (ports.isPresent() && ready.test(ports.get())) {
                return ports.get();
            }
            if (!process.isAlive()) {
                throw new IOException(name + " JVM exited with code " + process.exitValue() + " before it had bound "
                        + what + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " has not bound " + what + " within " + timeout.toSeconds() + " s" + tail());
            }
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
    }

    /** The last {@code count} lines of its console output (fewer when it wrote fewer). */
    public List<String> tail(int count) {
        Deque<String> last = new ArrayDeque<>(count);
        try (Stream<String> lines = Files.lines(output, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                if (last.size() == count) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + output + ": " + e.getMessage() + ")");
        }
        return List.copyOf(last);
    }

    /** {@code ; last lines of logs/demo-worker-2.out:} and those lines, indented. */
    public String tail() {
        List<String> lines = tail(15);
        if (lines.isEmpty()) {
            return "; " + output + " is empty";
        }
        StringBuilder text = new StringBuilder("; last lines of ").append(output).append(':');
        for (String line : lines) {
            text.append(System.lineSeparator()).append("    ").append(line);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
