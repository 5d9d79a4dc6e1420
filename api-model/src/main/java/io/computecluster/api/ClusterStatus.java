package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/**
 * What {@code GET /cluster} answers: the members this master sees and, from its job manager, the
 * worker capacity. When the job manager does not answer, the capacity fields are null (left out
 * of the JSON) and {@code jobManager} says why; otherwise {@code jobManager} is null (left out).
 *
 * @param self           this master node's address
 * @param leader         the address of the cluster's leader, null while there is none
 * @param workerNodes    worker nodes serving the job manager
 * @param workerActors   worker actors over all of them
 * @param chunksInFlight chunks handed out and not answered yet, over all workers
 * @param tasksPerSecond inputs computed per second, over all workers, lately
 * @param jobStore       {@code ok}, or {@code failing: WHY}
 * @param workers        each worker node and what it does
 * @param jobManager     set only when the master's job manager did not answer: {@code unreachable: WHY}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterStatus(String self, String leader, List<Member> members,
                            @JsonInclude(Include.NON_NULL) Integer workerNodes,
                            @JsonInclude(Include.NON_NULL) Integer workerActors,
                            @JsonInclude(Include.NON_NULL) Integer chunksInFlight,
                            @JsonInclude(Include.NON_NULL) Long tasksPerSecond,
                            @JsonInclude(Include.NON_NULL) String jobStore,
                            @JsonInclude(Include.NON_NULL) List<WorkerNode> workers,
                            @JsonInclude(Include.NON_NULL) String jobManager) {

    public ClusterStatus {
        members = members == null ? List.of() : members;
    }

    /** The answer when the job manager answered with its view of the workers. */
    public static ClusterStatus withWorkers(String self, String leader, List<Member> members, int workerNodes,
                                            int workerActors, int chunksInFlight, long tasksPerSecond,
                                            String jobStore, List<WorkerNode> workers) {
        return new ClusterStatus(self, leader, members, workerNodes, workerActors, chunksInFlight, tasksPerSecond,
                jobStore, workers, null);
    }

    /** The answer when the job manager did not answer: {@code why} in {@code jobManager}. */
    public static ClusterStatus withoutJobManager(String self, String leader, List<Member> members, String why) {
        return new ClusterStatus(self, leader, members, null, null, null, null, null, null, why);
    }

    /** Whether the job manager answered, and so the capacity fields are set. */
    public boolean jobManagerAnswered() {
        return jobManager == null;
    }

    /** Worker nodes, or 0 when the job manager did not answer. */
    public int workerNodeCount() {
        return workerNodes == null ? 0 : workerNodes;
    }

    /** Worker actors, or 0 when the job manager did not answer. */
    public int workerActorCount() {
        return workerActors == null ? 0 : workerActors;
    }

    /** The worker nodes, or none when the job manager did not answer. */
    public List<WorkerNode> workerList() {
        return workers == null ? List.of() : workers;
    }

    /** One cluster member; {@code roles} leave out Pekko's data-center role. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(String address, String host, Integer port, List<String> roles, String status,
                         boolean reachable) {
        public Member {
            roles = roles == null ? List.of() : roles;
        }
    }

    /**
     * A worker node ({@code HOST:PORT}), the worker actors it offers and the work it does;
     * {@code tasksDone} counts since it joined.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WorkerNode(String node, int actors, int chunksInFlight, long tasksDone, long tasksPerSecond,
                             List<WorkerActor> workerActors) {
        public WorkerNode {
            workerActors = workerActors == null ? List.of() : workerActors;
        }
    }

    /** One worker actor, by name, and the chunks it holds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WorkerActor(String name, int chunksInFlight) {
    }
}
