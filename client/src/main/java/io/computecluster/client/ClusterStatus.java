package io.computecluster.client;

import java.util.List;

/** What {@code GET /cluster} answers: the members the master sees and the worker capacity. */
public record ClusterStatus(String self, List<Member> members, int workerNodes, int workerActors,
                            List<WorkerNode> workers) {

    public ClusterStatus {
        members = members == null ? List.of() : List.copyOf(members);
        workers = workers == null ? List.of() : List.copyOf(workers);
    }

    /** One cluster member. */
    public record Member(String address, String host, int port, List<String> roles, String status,
                         boolean reachable) {
    }

    /** A worker node ({@code HOST:PORT}) and the worker actors it offers. */
    public record WorkerNode(String node, int actors) {
    }
}
