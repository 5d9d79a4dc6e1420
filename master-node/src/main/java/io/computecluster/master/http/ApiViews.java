package io.computecluster.master.http;

import io.computecluster.api.ClusterStatus;
import io.computecluster.api.FunctionList;
import io.computecluster.api.JobList;
import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import io.computecluster.api.Throughput;
import io.computecluster.master.manager.JobManagerProtocol;

/**
 * The job manager's answers as the API's records ({@code io.computecluster.api}): what crosses the
 * cluster stays the job manager's, what the API sends is defined once, with the client.
 */
final class ApiViews {
    private ApiViews() {
    }

    static JobStatus job(io.computecluster.master.job.JobStatus status) {
        return new JobStatus(status.id(), status.function(), status.input(), state(status.state()), status.total(),
                status.completed(), status.failed(), status.chunkSize(), status.submittedAt(), status.finishedAt(),
                status.elapsedMillis(), status.tasksPerSecond(),
                status.errors() == null ? null : status.errors().stream()
                        .map(error -> new JobStatus.InputError(error.input(), error.error())).toList(),
                status.workerNodes(), status.version(), status.waitingFor());
    }

    static JobState state(io.computecluster.master.job.JobState state) {
        return JobState.valueOf(state.name());
    }

    static JobList jobs(JobManagerProtocol.JobList list) {
        return new JobList(list.jobs().stream().map(ApiViews::job).toList());
    }

    /** {@code /cluster} with the job manager's view of the workers. */
    static ClusterStatus cluster(MembershipSnapshot membership, JobManagerProtocol.WorkersView view) {
        return ClusterStatus.withWorkers(membership.self(), membership.leader(), membership.members(),
                view.nodes().size(), view.workerActors(), view.chunksInFlight(), view.tasksPerSecond(),
                view.storeProblem() == null ? "ok" : "failing: " + view.storeProblem(),
                view.nodes().stream().map(node -> new ClusterStatus.WorkerNode(node.node(), node.actors(),
                        node.chunksInFlight(), node.tasksDone(), node.tasksPerSecond(),
                        node.workerActors().stream()
                                .map(actor -> new ClusterStatus.WorkerActor(actor.name(), actor.chunksInFlight()))
                                .toList())).toList());
    }

    /** {@code /cluster} when the job manager did not answer: {@code why}. */
    static ClusterStatus clusterWithoutJobManager(MembershipSnapshot membership, String why) {
        return ClusterStatus.withoutJobManager(membership.self(), membership.leader(), membership.members(),
                "unreachable: " + why);
    }

    static FunctionList functions(JobManagerProtocol.Functions functions) {
        return new FunctionList(functions.functions().stream()
                .map(info -> new FunctionList.Function(info.name(), info.version(), info.input().wireName(),
                        info.output().wireName(), info.nodes()))
                .toList());
    }

    static Throughput throughput(JobManagerProtocol.Throughput throughput) {
        return new Throughput(throughput.intervalSeconds(), throughput.samples().stream()
                .map(sample -> new Throughput.Sample(sample.at().toString(), sample.tasksPerSecond())).toList());
    }
}
