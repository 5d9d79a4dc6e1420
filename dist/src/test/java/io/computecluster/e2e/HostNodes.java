package io.computecluster.e2e;

import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNode.Role;
import io.computecluster.client.local.LocalNodes;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Masters and workers started with the {@code bin/} commands of an unpacked release, as a host
 * with only a Java runtime has them, inside the network namespace of a host ({@code ip netns exec}), through the project's launcher of local nodes: each
 * binds and advertises its host's address ({@code -Dcompute.host}), writes its ports file and
 * console output to the installation's folder ({@code <name>.ports.json}, {@code <name>.out}) and
 * its log file to the installation's log folder. Since {@code ip netns exec} and {@code bin/} both
 * exec, a node's process is its JVM.
 */
final class HostNodes implements AutoCloseable {
    private final Installation installation;
    private final UnpackedRelease release;
    private final List<String> javaOptions;
    private final List<LocalNodes> workers = new ArrayList<>();
    private final List<LocalNodes> masters = new ArrayList<>();

    /** {@code javaOptions}: for every node, before the host's own. */
    HostNodes(Installation installation, UnpackedRelease release, List<String> javaOptions) {
        this.installation = installation;
        this.release = release;
        this.javaOptions = List.copyOf(javaOptions);
    }

    /** A master or worker on {@code host} with exactly {@code args} (every port 0 when not given). */
    synchronized LocalNode start(NetworkNamespaces.Host host, String name, Role role, List<String> args) {
        LocalNodes nodes = new LocalNodes(nodeRole -> host.command(List.of(
                release.home().resolve("bin").resolve(nodeRole.command()).toString())),
                release.home(), installation.workDir(), "", new PrintStream(System.err));
        release.environment().forEach(nodes::environment);
        // No class data archive: dumping one as each node stops would only lengthen the test.
        nodes.environment("COMPUTE_CLASS_ARCHIVE_DIR", "/proc/no-class-archive");
        // Four node JVMs start at once on two cores: the quick compiler only leaves more CPU to
        // the heartbeats that keep a busy machine's nodes reachable.
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        options.addAll(javaOptions);
        options.add("-Dcompute.host=" + host.address());
        options.add("-Dcompute.master.http.host=" + host.address());
        options.add("-Dcompute.log-dir=" + installation.logDir());
        nodes.environment("JAVA_OPTS", String.join(" ", options));
        (role == Role.WORKER ? workers : masters).add(nodes);
        try {
            return role == Role.WORKER ? nodes.startWorker(name, args) : nodes.startMaster(name, args);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + name + " on " + host.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops every node, the workers first, each group at once (SIGTERM, then SIGKILL after the
     * launcher's grace): one by one, nodes waiting to leave a cluster with a cut-off member would
     * add up.
     */
    @Override
    public synchronized void close() {
        closeAtOnce(workers);
        closeAtOnce(masters);
    }

    private static void closeAtOnce(List<LocalNodes> group) {
        List<Thread> stopping = group.stream().map(nodes -> new Thread(nodes::close, "stop-nodes")).toList();
        stopping.forEach(Thread::start);
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
