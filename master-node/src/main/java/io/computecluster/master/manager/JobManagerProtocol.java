package io.computecluster.master.manager;

import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.dispatch.WorkerPool;
import io.computecluster.master.function.FunctionInfo;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.metrics.ThroughputMeter;
import io.computecluster.master.serialization.CborSerializable;
import io.computecluster.master.store.ResultCache;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the job manager answers, for the HTTP API of any master node (through the singleton
 * proxy, so every request and answer is serializable). Workers speak
 * {@link io.computecluster.common.protocol.WorkerProtocol} to it instead.
 *
 * <p>Results are not in its answers: it tells where in the job store each chunk's results are,
 * and the API reads them there (or from its node's {@link ResultCache}).
 */
public interface JobManagerProtocol {

    /** Requests of the HTTP API. */
    sealed interface Command extends MasterCommand, CborSerializable {
    }

    /**
     * Takes job {@code id}, whose definition a master has stored in the job store (see
     * {@link JobSubmission}), or refuses it while too many jobs are queued or running.
     * {@code definition} is the stored {@code JobSubmitted} event's bytes when they are small (a
     * range, a short list), so that the job starts without reading it back; empty for a big list,
     * whose inputs never cross the cluster: the job manager reads those from the store.
     * {@code idempotencyKey} is the client's Idempotency-Key, null without one: a job the job
     * manager keeps with the same key is the answer instead, and this one is erased.
     */
    record Admit(String id, byte[] definition, String idempotencyKey, ActorRef<SubmitReply> replyTo)
            implements Command {
        public Admit(String id, byte[] definition, ActorRef<SubmitReply> replyTo) {
            this(id, definition, null, replyTo);
        }
    }

    sealed interface SubmitReply extends CborSerializable {
    }

    /**
     * The job {@code id} is taken; {@code replayed} when it is an earlier job submitted with the
     * same Idempotency-Key, not the one just asked for.
     */
    record Accepted(String id, boolean replayed) implements SubmitReply {
        public Accepted(String id) {
            this(id, false);
        }
    }

    /**
     * Which kept job was submitted with {@code idempotencyKey}: {@link KeptJob}. Asked before a
     * body is read, so that a retried request is answered without reading it again.
     */
    record FindByKey(String idempotencyKey, ActorRef<KeptJob> replyTo) implements Command {
    }

    /** The id of the kept job submitted with the key asked for; empty when none is. */
    record KeptJob(Optional<String> id) implements CborSerializable {
    }

    /** {@code compute.master.max-running-jobs} jobs are queued or running already. */
    record Busy(int unfinished, int limit) implements SubmitReply {
    }

    /**
     * Refused for now: the lists of inputs of the unfinished jobs ({@code held}) and this job's
     * ({@code inputs}) would pass {@code limit}, which keeps them within the master's heap.
     */
    record ListsBusy(long held, long inputs, long limit) implements SubmitReply {
    }

    /** The job could not be taken: the job store is failing, say. */
    record NotAccepted(String reason) implements SubmitReply {
    }

    record GetStatus(String id, ActorRef<StatusReply> replyTo) implements Command {
    }

    /** Answers the job's status once it has ended, or after {@code maxWait}, whichever comes first. */
    record AwaitEnd(String id, Duration maxWait, ActorRef<StatusReply> replyTo) implements Command {
    }

    /**
     * A job's status; empty for an unknown job. {@code tooManyWaiting} is set (with the status as
     * it is now) when {@link AwaitEnd} could not wait: that many requests wait already.
     */
    record StatusReply(Optional<JobStatus> status, int tooManyWaiting) implements CborSerializable {
        public StatusReply(Optional<JobStatus> status) {
            this(status, 0);
        }
    }

    /** Newest first. */
    record ListJobs(ActorRef<JobList> replyTo) implements Command {
    }

    record JobList(List<JobStatus> jobs) implements CborSerializable {
    }

    /** Cancels a job that has not ended, or deletes an ended one; answers its last status. */
    record Cancel(String id, ActorRef<StatusReply> replyTo) implements Command {
    }

    record GetResults(String id, ActorRef<ResultsReply> replyTo) implements Command {
    }

    record GetWorkers(ActorRef<WorkersView> replyTo) implements Command {
    }

    /**
     * Answers once chunk {@code chunk} of the job has its results (at once if it has):
     * {@link ChunkStored}; {@link NoResults} if the job is cancelled first,
     * {@link UnknownJob} if there is none. Results are streamed while the job runs.
     */
    record AwaitChunk(String id, int chunk, ActorRef<ResultsReply> replyTo) implements Command {
    }

    /**
     * Where the results of chunks {@code from} to {@code from + count - 1} of an ended job are:
     * {@link StoredIn}; {@link NoResults} if it has none, {@link UnknownJob} if there is none.
     * A download asks for blocks of chunks, not chunk by chunk.
     */
    record GetStoredIn(String id, int from, int count, ActorRef<ResultsReply> replyTo) implements Command {
    }

    /** The answer to {@link GetResults} and {@link AwaitChunk}. */
    sealed interface ResultsReply extends CborSerializable {
    }

    /**
     * The job ended with results (SUCCEEDED or FAILED): they are read from the job store (and this
     * node's {@link ResultCache}). {@code storedIn} holds, for a job of at most
     * {@link #LISTED_EVENTS} chunks, the event of each chunk's results; else it is empty, and
     * {@link AwaitChunk} tells, chunk by chunk.
     */
    record ResultsStored(JobStatus status, long[] storedIn) implements ResultsReply {
    }

    /** Jobs of up to this many chunks have their results' events in {@link ResultsStored}. */
    int LISTED_EVENTS = 64;

    /** For {@link GetStoredIn}: the event of each chunk's results, from the chunk asked first. */
    record StoredIn(long[] sequenceNrs) implements ResultsReply {
    }

    /** For {@link AwaitChunk}: the chunk is done, its results in the job's event {@code sequenceNr}. */
    record ChunkStored(long sequenceNr) implements ResultsReply {
    }

    /** The job runs, or was cancelled: no results to give. */
    record NoResults(JobStatus status) implements ResultsReply {
    }

    record UnknownJob(String id) implements ResultsReply {
    }

    /**
     * Refused: {@code limit} requests wait for jobs or chunks already
     * ({@code compute.master.max-waiting-requests}); the asker tries again later.
     */
    record TooManyWaiting(int limit) implements ResultsReply {
    }

    /**
     * The worker actors the master serves, per worker node ({@code host:port}); {@code storeProblem}
     * says why the job store is failing, null while it works.
     */
    record WorkersView(List<WorkerNodeView> nodes, int workerActors, int chunksInFlight, long tasksPerSecond,
                              String storeProblem) implements CborSerializable {
    }

    /** One worker node as the master sees it; {@code tasksDone} counts since it joined. */
    record WorkerNodeView(String node, int actors, int chunksInFlight, long tasksDone, long tasksPerSecond,
                                 List<WorkerPool.ActorLoad> workerActors) {
    }

    /** Answers {@link Throughput}: the cluster's tasks per second, one sample per second. */
    record GetThroughput(ActorRef<Throughput> replyTo) implements Command {
    }

    record Throughput(int intervalSeconds, List<ThroughputMeter.Sample> samples) implements CborSerializable {
    }

    /** Answers {@link Functions}: every function version workers have offered, with the nodes offering it now. */
    record GetFunctions(ActorRef<Functions> replyTo) implements Command {
    }

    record Functions(List<FunctionInfo> functions) implements CborSerializable {
    }
}
