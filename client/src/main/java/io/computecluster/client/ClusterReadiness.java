package io.computecluster.client;

import io.computecluster.api.ClusterStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Waits until the demo's cluster can take a job: the master answers {@code /health} with 200 and
 * {@code /cluster} counts every worker node. Fails fast, naming the node and showing the end of
 * its output, when a node JVM exits or the time is up.
 */
final class ClusterReadiness {
    static final int TAIL_LINES = 15;

    private final ApiClient client;
    private final LocalCluster cluster;
    private final Duration poll;

    ClusterReadiness(ApiClient client, LocalCluster cluster, Duration poll) {
        this.client = client;
        this.cluster = cluster;
        this.poll = poll;
    }

    /** Returns the cluster's state once ready; throws a failure (exit code 1) otherwise. */
    ClusterStatus await(NodeProcess master, List<NodeProcess> workers, Duration timeout)
            throws CommandFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String masterState = "not answering yet";
        Set<Integer> joined = Set.of();
        while (true) {
            Optional<NodeProcess> exited = cluster.firstExited();
            if (exited.isPresent()) {
                NodeProcess node = exited.get();
                throw new CommandFailure(ExitCode.FAILURE, node.name() + " JVM exited with code "
                        + node.process().exitValue() + " before the cluster was ready" + tail(node));
            }
            try {
                if (client.healthy()) {
                    masterState = "up";
                    ClusterStatus status = client.cluster();
                    joined = workerPorts(status);
                    if (status.workerNodeCount() >= workers.size()) {
                        return status;
                    }
                } else {
                    masterState = "not yet up in the cluster (GET /health answers 503)";
                }
            } catch (MasterUnreachableException e) {
                masterState = "not answering yet (" + e.reason() + ")";
            } catch (IOException e) {
                masterState = "answering with an error (" + e.getMessage() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw timedOut(master, workers, masterState, joined, timeout);
            }
            TimeUnit.NANOSECONDS.sleep(poll.toNanos());
        }
    }

    private static CommandFailure timedOut(NodeProcess master, List<NodeProcess> workers, String masterState,
                                           Set<Integer> joined, Duration timeout) {
        String within = " within " + timeout.toSeconds() + " s";
        if (!masterState.equals("up")) {
            return new CommandFailure(ExitCode.FAILURE, "the cluster was not ready" + within + ": the master is "
                    + masterState + tail(master));
        }
        List<NodeProcess> missing = workers.stream().filter(worker -> !joined.contains(worker.port())).toList();
        if (missing.isEmpty()) {
            return new CommandFailure(ExitCode.FAILURE, "the cluster was not ready" + within + ": "
                    + joined.size() + " of " + workers.size() + " worker nodes joined");
        }
        NodeProcess first = missing.get(0);
        String names = String.join(", ", missing.stream()
                .map(worker -> worker.name() + " (port " + worker.port() + ")").toList());
        return new CommandFailure(ExitCode.FAILURE, "the cluster was not ready" + within + ": "
                + names + (missing.size() == 1 ? " has" : " have") + " not joined" + tail(first));
    }

    /** The ports of the worker nodes the master counts ({@code HOST:PORT}). */
    private static Set<Integer> workerPorts(ClusterStatus status) {
        Set<Integer> ports = new HashSet<>();
        for (ClusterStatus.WorkerNode worker : status.workerList()) {
            String node = worker.node() == null ? "" : worker.node();
            try {
                ports.add(Integer.parseInt(node.substring(node.lastIndexOf(':') + 1)));
            } catch (NumberFormatException e) {
                // Not HOST:PORT: that node cannot be matched to a process, only counted.
            }
        }
        return ports;
    }

    /** Whether {@code node} stopped because another process held the port it was given. */
    static boolean portTaken(NodeProcess node) {
        return node.tail(TAIL_LINES).stream().anyMatch(line -> line.contains("Address already in use"));
    }

    /** {@code ; last lines of logs/demo-worker-2.out:} and those lines, indented. */
    static String tail(NodeProcess node) {
        List<String> lines = node.tail(TAIL_LINES);
        if (lines.isEmpty()) {
            return "; " + node.output() + " is empty";
        }
        StringBuilder text = new StringBuilder("; last lines of ").append(node.output()).append(':');
        for (String line : lines) {
            text.append(System.lineSeparator()).append("    ").append(line);
        }
        return text.toString();
    }
}
