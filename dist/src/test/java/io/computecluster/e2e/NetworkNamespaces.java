package io.computecluster.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hosts on one machine: a Linux network namespace per host, each joined by a veth pair to a bridge
 * in the root namespace, on a random {@code 10.x.y.0/24} of this run. The root namespace (the test)
 * has {@code .1} and reaches every host; host {@code i} has {@code .(10 + i)}. A host is cut off by
 * setting its veth's root end down (every packet to and from it is lost, as in a real partition) and
 * healed by setting it up again.
 *
 * <p>Every name (namespaces, links, the scratch folder under {@code /tmp}) carries this run's
 * suffix, which starts with the test JVM's pid: at creation, those of runs whose JVM is gone (a
 * killed run) are removed, with the processes still in them; {@link #close()} removes this run's
 * own, also after a failed test, and so does a shutdown hook when the test JVM is stopped first.
 */
final class NetworkNamespaces implements AutoCloseable {
    private static final String NAMESPACE_PREFIX = "ccn-";
    private static final String BRIDGE_PREFIX = "ccb";
    private static final String VETH_PREFIX = "ccv";
    /** The suffix: the owning JVM's pid in base 36, '-', three random letters. */
    private static final Pattern SUFFIX = Pattern.compile("([0-9a-z]+)-[a-z]{3}");
    private static final Pattern NAMESPACE = Pattern.compile(NAMESPACE_PREFIX + SUFFIX + "-.+");
    private static final Pattern SCRATCH = Pattern.compile(NAMESPACE_PREFIX + SUFFIX);
    private static final Pattern LINK = Pattern.compile("(?:" + BRIDGE_PREFIX + "|" + VETH_PREFIX + ")" + SUFFIX + "\\d*");
    private static final int MAX_HOSTS = 9;
    private static final Path SCRATCH_PARENT = Path.of("/tmp");

    /** A host: its namespace, its address, and the root end of its veth pair. */
    record Host(String name, String namespace, String address, String link) {
        /** {@code command} run in this host's namespace. */
        List<String> command(List<String> command) {
            List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            line.addAll(command);
            return line;
        }
    }

    private final String suffix;
    private final String subnet;
    private final String bridge;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Thread onExit = new Thread(this::close, "network-namespaces-cleanup");

    private NetworkNamespaces(String suffix, String subnet) {
        this.suffix = suffix;
        this.subnet = subnet;
        this.bridge = BRIDGE_PREFIX + suffix;
    }

    /**
     * Why these tests cannot run here (not root, no {@code ip}, network namespaces refused), or
     * empty when they can.
     */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("multi-host tests skipped: they need root for network namespaces (running as "
                    + System.getProperty("user.name") + ")");
        }
        String probe = NAMESPACE_PREFIX + suffixOf(ProcessHandle.current().pid()) + "-probe";
        Result added;
        try {
            added = run(List.of("ip", "netns", "add", probe));
        } catch (UncheckedIOException e) {
            return Optional.of("multi-host tests skipped: no 'ip' command (iproute2): " + e.getCause().getMessage());
        }
        if (added.exit() != 0) {
            return Optional.of("multi-host tests skipped: 'ip netns add' failed: " + added.output().strip());
        }
        run(List.of("ip", "netns", "delete", probe));
        return Optional.empty();
    }

    /** The namespaces of {@code hostNames}, on a bridge of their own; first removes those of killed runs. */
    static NetworkNamespaces create(List<String> hostNames) {
        if (hostNames.size() > MAX_HOSTS) {
            throw new IllegalArgumentException("at most " + MAX_HOSTS + " hosts, got " + hostNames.size());
        }
        removeStale();
        NetworkNamespaces namespaces = new NetworkNamespaces(suffixOf(ProcessHandle.current().pid()), freeSubnet());
        // A test JVM stopped (SIGTERM: a timeout, Ctrl-C) still removes its hosts.
        Runtime.getRuntime().addShutdownHook(namespaces.onExit);
        try {
            namespaces.createBridge();
            for (String name : hostNames) {
                namespaces.addHost(name);
            }
            return namespaces;
        } catch (RuntimeException e) {
            namespaces.close();
            throw e;
        }
    }

    Host host(String name) {
        Host host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no host " + name + ": " + hosts.keySet());
        }
        return host;
    }

    /**
     * A folder of this run under {@code /tmp} for what processes of other users keep in the hosts
     * (a PostgreSQL server's data), removed with the namespaces.
     */
    Path scratchDir() {
        Path dir = SCRATCH_PARENT.resolve(NAMESPACE_PREFIX + suffix);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The subnet's first three octets ({@code 10.x.y}). */
    String subnet() {
        return subnet;
    }

    /** Cuts {@code host} off from every other host and from the test: its packets are lost. */
    void cutOff(Host host) {
        must(List.of("ip", "link", "set", host.link(), "down"));
    }

    /** Joins {@code host} to the others again. */
    void heal(Host host) {
        must(List.of("ip", "link", "set", host.link(), "up"));
    }

    private void createBridge() {
        must(List.of("ip", "link", "add", bridge, "type", "bridge"));
        must(List.of("ip", "addr", "add", subnet + ".1/24", "dev", bridge));
        must(List.of("ip", "link", "set", bridge, "up"));
    }

    private void addHost(String name) {
        int index = hosts.size() + 1;
        Host host = new Host(name, NAMESPACE_PREFIX + suffix + "-" + name, subnet + "." + (10 + index),
                VETH_PREFIX + suffix + index);
        hosts.put(name, host);
        must(List.of("ip", "netns", "add", host.namespace()));
        must(List.of("ip", "link", "add", host.link(), "type", "veth", "peer", "name", "eth0", "netns",
                host.namespace()));
        must(List.of("ip", "link", "set", host.link(), "master", bridge));
        must(List.of("ip", "link", "set", host.link(), "up"));
        must(host.command(List.of("ip", "addr", "add", host.address() + "/24", "dev", "eth0")));
        must(host.command(List.of("ip", "link", "set", "eth0", "up")));
        must(host.command(List.of("ip", "link", "set", "lo", "up")));
    }

    /** Kills what still runs in this run's namespaces, then removes them and the bridge. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // The JVM is exiting: this is the hook.
        }
        List<String> namespaces = hosts.values().stream().map(Host::namespace).toList();
        namespaces.forEach(NetworkNamespaces::killProcessesIn);
        // Each pair explicitly: a namespace the kernel is still tearing down would keep its pair a while.
        hosts.values().forEach(host -> run(List.of("ip", "link", "delete", host.link())));
        namespaces.forEach(namespace -> run(List.of("ip", "netns", "delete", namespace)));
        run(List.of("ip", "link", "delete", bridge));
        deleteScratch(SCRATCH_PARENT.resolve(NAMESPACE_PREFIX + suffix));
    }

    /** Namespaces and links whose suffix names a JVM that is gone, with the processes left in them. */
    private static void removeStale() {
        for (String namespace : run(List.of("ip", "netns", "list")).output().lines()
                .map(line -> line.split(" ")[0]).toList()) {
            Matcher matcher = NAMESPACE.matcher(namespace);
            if (matcher.matches() && !ownerAlive(matcher.group(1))) {
                killProcessesIn(namespace);
                run(List.of("ip", "netns", "delete", namespace));
            }
        }
        for (String line : run(List.of("ip", "-o", "link", "show")).output().lines().toList()) {
            String[] fields = line.split(": ");
            if (fields.length < 2) {
                continue;
            }
            String link = fields[1].split("@")[0];
            Matcher matcher = LINK.matcher(link);
            if (matcher.matches() && !ownerAlive(matcher.group(1))) {
                run(List.of("ip", "link", "delete", link));
            }
        }
        try (Stream<Path> scratch = Files.list(SCRATCH_PARENT)) {
            for (Path dir : scratch.toList()) {
                Matcher matcher = SCRATCH.matcher(dir.getFileName().toString());
                if (matcher.matches() && !ownerAlive(matcher.group(1))) {
                    deleteScratch(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteScratch(Path dir) {
        try {
            Installation.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean ownerAlive(String pidBase36) {
        try {
            return ProcessHandle.of(Long.parseLong(pidBase36, 36)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void killProcessesIn(String namespace) {
        for (String pid : run(List.of("ip", "netns", "pids", namespace)).output().lines().map(String::strip)
                .filter(line -> line.matches("\\d+")).toList()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> process).join();
            });
        }
    }

    private static String suffixOf(long pid) {
        SecureRandom random = new SecureRandom();
        StringBuilder suffix = new StringBuilder(Long.toString(pid, 36)).append('-');
        for (int i = 0; i < 3; i++) {
            suffix.append((char) ('a' + random.nextInt(26)));
        }
        return suffix.toString();
    }

    /** A random {@code 10.x.y} that no address of the root namespace is in. */
    private static String freeSubnet() {
        String addresses = run(List.of("ip", "-o", "-4", "addr", "show")).output();
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            String subnet = "10." + (1 + random.nextInt(254)) + "." + (1 + random.nextInt(254));
            if (!addresses.contains(" " + subnet + ".")) {
                return subnet;
            }
        }
        throw new IllegalStateException("no free 10.x.y.0/24 found among the root namespace's addresses:\n" + addresses);
    }

    static void must(List<String> command) {
        Result result = run(command);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + result.exit()
                    + ": " + result.output().strip());
        }
    }

    record Result(int exit, String output) {
    }

    /** Runs {@code command} to its end (at most a minute): its exit code and its output. */
    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not end within a minute");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
