package io.computecluster.client;

import java.util.List;

/**
 * What {@code GET /cluster} answers: the members the master sees and the worker capacity. Fields
 * an older master leaves out are {@code null} or zero.
 *
 * @param leader         the address of the cluster's leader
 * @param chunksInFlight chunks handed out and not answered yet, over all workers
 * @param tasksPerSecond inputs computed per second, over all workers, lately
 * @param jobManager     set only when the master's job manager did not answer: why
 */
public record ClusterStatus(String self, String leader, List<Member> members, int workerNodes, int workerActors,
                            long chunksInFlight, double tasksPerSecond, List<WorkerNode> workers,
                            String jobManager) {

    public ClusterStatus {
        members = members == null ? List.of() : List.copyOf(members);
        workers = workers == null ? List.of() : List.copyOf(workers);
    }

    /** One cluster member. */
    public record Member(String address, String host, int port, List<String> roles, String status,
                         boolean reachable) {
        public Member {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** A worker node ({@code HOST:PORT}), the worker actors it offers and the work it does. */
    public record WorkerNode(String node, int actors, long chunksInFlight, long tasksDone, double tasksPerSecond) {
    }
}
