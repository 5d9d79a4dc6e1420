package io.computecluster.client;

import io.computecluster.api.ClusterStatus;
import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNodes;
import io.computecluster.common.node.NodePorts;
import io.computecluster.compute.http.ApiClient;
import io.computecluster.compute.http.MasterUnreachableException;
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
    private final ApiClient client;
    private final LocalNodes nodes;
    private final Duration poll;

    ClusterReadiness(ApiClient client, LocalNodes nodes, Duration poll) {
        this.client = client;
        this.nodes = nodes;
        this.poll = poll;
    }

    /** Returns the cluster's state once ready; throws a failure (exit code 1) otherwise. */
    ClusterStatus await(LocalNode master, List<LocalNode> workers, Duration timeout)
            throws CommandFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String masterState = "not answering yet";
        Set<String> joined = Set.of();
        while (true) {
            Optional<LocalNode> exited = nodes.firstExited();
            if (exited.isPresent()) {
                LocalNode node = exited.get();
                throw new CommandFailure(ExitCode.FAILURE, node.name() + " JVM exited with code "
                        + node.process().exitValue() + " before the cluster was ready" + node.tail());
            }
            try {
                if (client.healthy()) {
                    masterState = "up";
                    ClusterStatus status = client.cluster();
                    joined = workerNodes(status);
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

    private static CommandFailure timedOut(LocalNode master, List<LocalNode> workers, String masterState,
                                           Set<String> joined, Duration timeout) {
        String within = " within " + timeout.toSeconds() + " s";
        if (!masterState.equals("up")) {
            return new CommandFailure(ExitCode.FAILURE, "the cluster was not ready" + within + ": the master is "
                    + masterState + master.tail());
        }
        List<LocalNode> missing = workers.stream().filter(worker -> !joined.contains(cluster(worker))).toList();
        if (missing.isEmpty()) {
            return new CommandFailure(ExitCode.FAILURE, "the cluster was not ready" + within + ": "
                    + joined.size() + " of " + workers.size() + " worker nodes joined");
        }
        LocalNode first = missing.get(0);
        String names = String.join(", ", missing.stream()
                .map(worker -> worker.name() + " (" + Optional.ofNullable(cluster(worker))
                        .orElse("no cluster port bound yet") + ")").toList());
        return new CommandFailure(ExitCode.FAILURE, "the cluster was not ready" + within + ": "
                + names + (missing.size() == 1 ? " has" : " have") + " not joined" + first.tail());
    }

    /** The worker's cluster {@code HOST:PORT} from its ports file, or null before it has bound it. */
    private static String cluster(LocalNode worker) {
        return worker.ports().map(NodePorts::cluster).orElse(null);
    }

    /** The worker nodes the master counts ({@code HOST:PORT}). */
    private static Set<String> workerNodes(ClusterStatus status) {
        Set<String> nodes = new HashSet<>();
        for (ClusterStatus.WorkerNode worker : status.workerList()) {
            if (worker.node() != null) {
                nodes.add(worker.node());
            }
        }
        return nodes;
    }
}
