package io.computecluster.master;

import io.computecluster.common.protocol.WorkerProtocol;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.ChunkDone;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.Goodbye;
import io.computecluster.common.protocol.WorkerProtocol.Hello;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.common.protocol.WorkerProtocol.RequestWork;
import io.computecluster.common.protocol.WorkerProtocol.ToWorker;
import io.computecluster.common.serialization.CborSerializable;
import io.computecluster.master.dispatch.ChunkKey;
import io.computecluster.master.dispatch.WorkerPool;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobBoard;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobEvent.ChunkResult;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.metrics.MasterMetrics;
import io.computecluster.master.metrics.ThroughputMeter;
import io.computecluster.master.store.JobEventCodec;
import io.computecluster.master.store.JobJournal;
import io.computecluster.master.store.JdbcJobStore;
import io.computecluster.master.store.JobStore;
import io.computecluster.master.store.ResultCache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The master's job manager, run as a cluster singleton: takes jobs, hands their chunks to the
 * worker actors that ask for work, records the first result of each chunk in the job store, and
 * sends the chunks of a lost, unreachable or silent worker to others. The decisions live in
 * {@link JobBoard} and {@link WorkerPool}; each job's events go to its {@link JobJournal}. It
 * starts as {@link JobRecovery}, which rebuilds the jobs from the store, so that a new singleton
 * after a takeover or a restart goes on where the last one stopped.
 *
 * <p>Every request can come from another master node's HTTP API, through the singleton proxy, so
 * requests and answers are serializable. Results are not in its answers: it tells where in the
 * job store each chunk's results are, and the API reads them there (or from its node's
 * {@link ResultCache}).
 */
public final class JobManager extends AbstractBehavior<MasterCommand> {

    /** Requests of the HTTP API. */
    public sealed interface Command extends MasterCommand, CborSerializable {
    }

    /**
     * Takes job {@code id}, whose definition a master has stored in the job store (see
     * {@link JobSubmission}), or refuses it while too many jobs are queued or running.
     * {@code definition} is the stored {@code JobSubmitted} event's bytes when they are small (a
     * range, a short list), so that the job starts without reading it back; empty for a big list,
     * whose inputs never cross the cluster: the job manager reads those from the store.
     */
    public record Admit(String id, byte[] definition, ActorRef<SubmitReply> replyTo) implements Command {
    }

    public sealed interface SubmitReply extends CborSerializable {
    }

    public record Accepted(String id) implements SubmitReply {
    }

    /** {@code compute.master.max-running-jobs} jobs are queued or running already. */
    public record Busy(int unfinished, int limit) implements SubmitReply {
    }

    /**
     * Refused for now: the lists of inputs of the unfinished jobs ({@code held}) and this job's
     * ({@code inputs}) would pass {@code limit}, which keeps them within the master's heap.
     */
    public record ListsBusy(long held, long inputs, long limit) implements SubmitReply {
    }

    /** The job could not be taken: the job store is failing, say. */
    public record NotAccepted(String reason) implements SubmitReply {
    }

    public record GetStatus(String id, ActorRef<StatusReply> replyTo) implements Command {
    }

    /** Answers the job's status once it has ended, or after {@code maxWait}, whichever comes first. */
    public record AwaitEnd(String id, Duration maxWait, ActorRef<StatusReply> replyTo) implements Command {
    }

    /** A job's status; empty for an unknown job. */
    public record StatusReply(Optional<JobStatus> status) implements CborSerializable {
    }

    /** Newest first. */
    public record ListJobs(ActorRef<JobList> replyTo) implements Command {
    }

    public record JobList(List<JobStatus> jobs) implements CborSerializable {
    }

    /** Cancels a job that has not ended, or deletes an ended one; answers its last status. */
    public record Cancel(String id, ActorRef<StatusReply> replyTo) implements Command {
    }

    public record GetResults(String id, ActorRef<ResultsReply> replyTo) implements Command {
    }

    public record GetWorkers(ActorRef<WorkersView> replyTo) implements Command {
    }

    /**
     * Answers once chunk {@code chunk} of the job has its results (at once if it has):
     * {@link ChunkStored}; {@link NoResults} if the job is cancelled first,
     * {@link UnknownJob} if there is none. Results are streamed while the job runs.
     */
    public record AwaitChunk(String id, int chunk, ActorRef<ResultsReply> replyTo) implements Command {
    }

    /**
     * Where the results of chunks {@code from} to {@code from + count - 1} of an ended job are:
     * {@link StoredIn}; {@link NoResults} if it has none, {@link UnknownJob} if there is none.
     * A download asks for blocks of chunks, not chunk by chunk.
     */
    public record GetStoredIn(String id, int from, int count, ActorRef<ResultsReply> replyTo) implements Command {
    }

    /** The answer to {@link GetResults} and {@link AwaitChunk}. */
    public sealed interface ResultsReply extends CborSerializable {
    }

    /**
     * The job ended with results (SUCCEEDED or FAILED): they are read from the job store (and this
     * node's {@link ResultCache}). {@code storedIn} holds, for a job of at most
     * {@link #LISTED_EVENTS} chunks, the event of each chunk's results; else it is empty, and
     * {@link AwaitChunk} tells, chunk by chunk.
     */
    public record ResultsStored(JobStatus status, long[] storedIn) implements ResultsReply {
    }

    /** Jobs of up to this many chunks have their results' events in {@link ResultsStored}. */
    static final int LISTED_EVENTS = 64;

    /** For {@link GetStoredIn}: the event of each chunk's results, from the chunk asked first. */
    public record StoredIn(long[] sequenceNrs) implements ResultsReply {
    }

    /** For {@link AwaitChunk}: the chunk is done, its results in the job's event {@code sequenceNr}. */
    public record ChunkStored(long sequenceNr) implements ResultsReply {
    }

    /** The job runs, or was cancelled: no results to give. */
    public record NoResults(JobStatus status) implements ResultsReply {
    }

    public record UnknownJob(String id) implements ResultsReply {
    }

    /**
     * The worker actors the master serves, per worker node ({@code host:port}); {@code storeProblem}
     * says why the job store is failing, null while it works.
     */
    public record WorkersView(List<WorkerNodeView> nodes, int workerActors, int chunksInFlight, long tasksPerSecond,
                              String storeProblem) implements CborSerializable {
    }

    /** One worker node as the master sees it; {@code tasksDone} counts since it joined. */
    public record WorkerNodeView(String node, int actors, int chunksInFlight, long tasksDone, long tasksPerSecond,
                                 List<WorkerPool.ActorLoad> workerActors) {
    }

    /** Answers {@link Throughput}: the cluster's tasks per second, one sample per second. */
    public record GetThroughput(ActorRef<Throughput> replyTo) implements Command {
    }

    public record Throughput(int intervalSeconds, List<ThroughputMeter.Sample> samples) implements CborSerializable {
    }

    /** A job's journal answered a write. */
    record JournalRecorded(JobJournal.Recorded recorded) implements MasterCommand {
    }

    /** A job's journal read the job's events back. */
    record JournalReplayed(JobJournal.Replayed replayed) implements MasterCommand {
    }

    /** A job's journal stopped: asked to, or because the store failed. */
    record JournalStopped(String jobId) implements MasterCommand {
    }

    /** A job's events were erased from the store, or could not be ({@code failure}). */
    private record Erased(String jobId, Throwable failure) implements MasterCommand {
    }

    private enum FlushResults implements MasterCommand {
        INSTANCE
    }

    private record WorkersListed(Receptionist.Listing listing) implements MasterCommand {
    }

    private record MemberChanged(ClusterEvent.MemberEvent event) implements MasterCommand {
    }

    private record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements MasterCommand {
    }

    private enum Tick implements MasterCommand {
        INSTANCE
    }

    private record WaitExpired(long waiter) implements MasterCommand {
    }

    /** A client waiting for a job to end (long polling). */
    private record Waiter(long id, String jobId, ActorRef<StatusReply> replyTo) {
    }

    static final Duration TICK = Duration.ofSeconds(1);
    /** The role of worker nodes (WorkerRole, in a module the master does not depend on). */
    private static final String WORKER_ROLE = "worker";
    /** Ten minutes of one-second samples for the status page's chart. */
    private static final int THROUGHPUT_HISTORY = 600;
    /** While the store fails, results are offered to it again at this pace. */
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

    private final MasterSettings settings;
    private final JobBoard board;
    private final WorkerPool pool = new WorkerPool();
    private final ThroughputMeter throughput = new ThroughputMeter(THROUGHPUT_HISTORY);
    private final MasterMetrics metrics;
    /** Workers the receptionist listed last time; only their disappearance counts as a loss. */
    private final Set<ActorRef<ToWorker>> listed = new HashSet<>();
    private final ActorRef<WorkerProtocol.ToMaster> self;
    private final TimerScheduler<MasterCommand> timers;
    private final Map<Long, Waiter> waiters = new HashMap<>();
    /** Streams waiting for chunks: job id to chunk to the streams waiting for it. */
    private final Map<String, Map<Integer, List<ActorRef<ResultsReply>>>> chunkWaiters = new HashMap<>();
    private final JobStore store;
    /** Results just stored, for downloads in this JVM; the store has them all. */
    private final ResultCache results;
    /** The journal actor of each job that has one running. */
    private final Map<String, ActorRef<JobJournal.Command>> journals;
    /** Results accepted and not yet sent to their job's journal, per job. */
    private final Map<String, List<ChunkResult>> unrecorded = new LinkedHashMap<>();
    /** Results on their way into the store: one write per job at a time, so that writes batch. */
    private final Map<String, List<ChunkResult>> recording = new HashMap<>();
    /** Jobs stored by a master's API and being read back, with the asker waiting for the answer. */
    private final Map<String, ActorRef<SubmitReply>> admitting = new HashMap<>();
    private final ActorRef<JobJournal.Recorded> recordedAdapter;
    private final ActorRef<JobJournal.Replayed> replayedAdapter;
    private long journalNames;
    private boolean flushScheduled;
    /** Why the job store fails, or null while it works. */
    private String storeProblem;
    private long nextWaiter;
    private Instant lastProgressLog = Instant.now();

    /** The job manager of a master node, on the node's job store ({@link JdbcJobStore}). */
    public static Behavior<MasterCommand> create(MasterSettings settings) {
        return Behaviors.setup(context -> create(settings, JdbcJobStore.get(context.getSystem())));
    }

    /** The job manager on {@code store}: recovers the jobs from it first (see {@link JobRecovery}). */
    public static Behavior<MasterCommand> create(MasterSettings settings, JobStore store) {
        return JobRecovery.create(settings, store);
    }

    /**
     * @param journals     the journal actors recovery started, by job id
     * @param journalNames how many journal actors were started so far, so that names stay unique
     */
    JobManager(ActorContext<MasterCommand> context, TimerScheduler<MasterCommand> timers, MasterSettings settings,
               JobStore store, JobBoard board, Map<String, ActorRef<JobJournal.Command>> journals, long journalNames) {
        super(context);
        // The actor began as JobRecovery; its log lines are the job manager's from here on.
        context.setLoggerName(JobManager.class);
        this.settings = settings;
        this.timers = timers;
        this.board = board;
        this.store = store;
        this.journals = journals;
        this.journalNames = journalNames;
        this.results = ResultCache.get(context.getSystem());
        board.all().forEach(job -> results.define(job.id(), job.spec()));
        this.self = context.getSelf().narrow();
        this.metrics = MasterMetrics.get(context.getSystem());
        this.recordedAdapter = context.messageAdapter(JobJournal.Recorded.class, JournalRecorded::new);
        this.replayedAdapter = context.messageAdapter(JobJournal.Replayed.class, JournalReplayed::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(WorkerProtocol.WORKER_SERVICE_KEY,
                context.messageAdapter(Receptionist.Listing.class, WorkersListed::new)));
        Cluster cluster = Cluster.get(context.getSystem());
        cluster.subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new),
                ClusterEvent.MemberEvent.class));
        cluster.subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new),
                ClusterEvent.ReachabilityEvent.class));
        timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
        context.getLog().info("Job manager started on {}", cluster.selfMember().address());
    }

    /** Erases jobs that recovery found past retention. */
    JobManager erasing(List<Job> dropped) {
        dropped.forEach(job -> erase(job.id()));
        return this;
    }

    @Override
    public Receive<MasterCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(ChunkDone.class, this::onChunkDone)
                .onMessage(RequestWork.class, this::onRequestWork)
                .onMessage(Goodbye.class, this::onGoodbye)
                .onMessage(Admit.class, this::onAdmit)
                .onMessage(JournalRecorded.class, this::onJournalRecorded)
                .onMessage(JournalReplayed.class, this::onJournalReplayed)
                .onMessage(JournalStopped.class, this::onJournalStopped)
                .onMessage(Erased.class, this::onErased)
                .onMessageEquals(FlushResults.INSTANCE, this::onFlushResults)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(AwaitEnd.class, this::onAwaitEnd)
                .onMessage(WaitExpired.class, this::onWaitExpired)
                .onMessage(ListJobs.class, this::onListJobs)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(GetResults.class, this::onGetResults)
                .onMessage(GetWorkers.class, this::onGetWorkers)
                .onMessage(GetThroughput.class, this::onGetThroughput)
                .onMessage(AwaitChunk.class, this::onAwaitChunk)
                .onMessage(GetStoredIn.class, this::onGetStoredIn)
                .onMessage(WorkersListed.class, this::onWorkersListed)
                .onMessage(MemberChanged.class, this::onMemberChanged)
                .onMessage(ReachabilityChanged.class, this::onReachabilityChanged)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .build();
    }

    // --- work distribution -------------------------------------------------------------------

    private Behavior<MasterCommand> onRequestWork(RequestWork request) {
        if (pool.add(request.worker())) {
            getContext().getLog().info("Worker registered: {}", request.worker().path());
        }
        pool.grant(request.worker(), request.credit());
        dispatch();
        return this;
    }

    private Behavior<MasterCommand> onChunkDone(ChunkDone done) {
        Instant sentAt = pool.answered(done.worker(), new ChunkKey(done.jobId(), done.chunkId()), done.credit());
        Optional<Job> job = board.get(done.jobId());
        if (job.isPresent()) {
            String node = pool.nodeNameOf(done.worker());
            Optional<ChunkResult> accepted = job.get().accept(done.chunkId(), done.results(), done.errors(), node);
            if (accepted.isPresent()) {
                int failed = done.errors().size();
                throughput.recorded(node, done.results().size());
                metrics.chunkDone(node, done.results().size() - failed, failed,
                        sentAt == null ? null : Duration.between(sentAt, Instant.now()), done.computeNanos());
                unrecorded.computeIfAbsent(job.get().id(), id -> new ArrayList<>()).add(accepted.get());
                scheduleFlush();
            }
        }
        dispatch();
        return this;
    }

    // --- the job store ------------------------------------------------------------------------

    /**
     * Results go to the store after the messages already in the mailbox are handled: the results
     * that arrive meanwhile go in the same write.
     */
    private void scheduleFlush() {
        if (flushScheduled) {
            return;
        }
        flushScheduled = true;
        if (storeProblem == null) {
            getContext().getSelf().tell(FlushResults.INSTANCE);
        } else {
            timers.startSingleTimer(FlushResults.INSTANCE, STORE_RETRY);
        }
    }

    private Behavior<MasterCommand> onFlushResults() {
        flushScheduled = false;
        for (var it = unrecorded.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!recording.containsKey(entry.getKey())) {
                it.remove();
                record(entry.getKey(), entry.getValue());
            }
        }
        return this;
    }

    private void record(String jobId, List<ChunkResult> results) {
        recording.put(jobId, results);
        journal(jobId).tell(new JobJournal.Record(new JobEvent.ChunksCompleted(List.copyOf(results), Instant.now()),
                recordedAdapter));
    }

    /** The job's journal actor, started when it has none (it then reads the job's events first). */
    private ActorRef<JobJournal.Command> journal(String jobId) {
        return journals.computeIfAbsent(jobId, id -> startJournal(getContext(), id,
                JobJournal.replaying(store, id, replayedAdapter), ++journalNames));
    }

    /** Starts a job's journal actor; {@link JournalStopped} tells when it stops. */
    static ActorRef<JobJournal.Command> startJournal(ActorContext<MasterCommand> context, String jobId,
                                                   Behavior<JobJournal.Command> behavior, long serial) {
        ActorRef<JobJournal.Command> journal = context.spawn(behavior, "journal-" + jobId + "-" + serial);
        context.watchWith(journal, new JournalStopped(jobId));
        return journal;
    }

    private Behavior<MasterCommand> onJournalRecorded(JournalRecorded message) {
        JobJournal.Recorded recorded = message.recorded();
        if (!(recorded.event() instanceof JobEvent.ChunksCompleted completed)) {
            return this;
        }
        recording.remove(recorded.jobId());
        if (storeProblem != null) {
            getContext().getLog().info("The job store takes writes again: new jobs are accepted");
            storeProblem = null;
        }
        Optional<Job> maybeJob = board.get(recorded.jobId());
        if (maybeJob.isPresent()) {
            Job job = maybeJob.get();
            boolean counted = false;
            for (ChunkResult chunk : completed.chunks()) {
                if (job.recorded(chunk, completed.at(), recorded.sequenceNr())) {
                    results.put(job.id(), chunk);
                    counted = true;
                    chunkDone(job, chunk.chunk());
                }
            }
            // Ended by these results; results of a cancelled job count for nothing and end nothing.
            if (counted && job.state().isEnded()) {
                jobEnded(job);
            }
        }
        if (unrecorded.containsKey(recorded.jobId())) {
            scheduleFlush();
        }
        return this;
    }

    private Behavior<MasterCommand> onJournalStopped(JournalStopped stopped) {
        String jobId = stopped.jobId();
        journals.remove(jobId);
        List<ChunkResult> lost = recording.remove(jobId);
        Optional<Job> job = board.get(jobId);
        if (lost != null) {
            storeFailed("the results of " + lost.size() + " chunks of job " + jobId + " could not be written");
            job.ifPresent(found -> lost.forEach(result -> {
                found.notRecorded(result);
                board.retry(jobId, result.chunk());
            }));
            dispatch();
        }
        ActorRef<SubmitReply> admitter = admitting.remove(jobId);
        if (admitter != null) {
            storeFailed("job " + jobId + " could not be read back");
            admitter.tell(new NotAccepted("the job store failed while reading job " + jobId + " back: " + storeProblem));
        }
        if (unrecorded.containsKey(jobId)) {
            scheduleFlush();
        }
        return this;
    }

    private void storeFailed(String what) {
        if (storeProblem == null) {
            getContext().getLog().error("The job store is failing: {}. No new jobs are accepted until it works again;"
                    + " results not stored are computed again", what);
        }
        storeProblem = what;
    }

    /** Forgets a deleted or expired job's events: its journal stops, then its rows go. */
    private void erase(String jobId) {
        results.forget(jobId);
        unrecorded.remove(jobId);
        recording.remove(jobId);
        ActorRef<JobJournal.Command> journal = journals.remove(jobId);
        if (journal != null) {
            getContext().unwatch(journal);
            journal.tell(JobJournal.Stop.INSTANCE);
        }
        getContext().pipeToSelf(store.erase(jobId), (ok, failure) -> new Erased(jobId, failure));
    }

    private Behavior<MasterCommand> onErased(Erased erased) {
        if (erased.failure() != null) {
            jobLog(Level.WARN, erased.jobId()).log("Job {} is forgotten, but its events could not be erased from the"
                    + " job store ({}): it is back after a restart", erased.jobId(), erased.failure().getMessage());
        }
        return this;
    }

    private Behavior<MasterCommand> onGoodbye(Goodbye goodbye) {
        pool.leaving(goodbye.worker());
        getContext().getLog().info("Worker leaving: {}", goodbye.worker().path());
        return this;
    }

    /** Hands out chunks while some worker has credit and some job has a chunk. */
    private void dispatch() {
        Instant now = null;
        while (true) {
            Optional<ActorRef<ToWorker>> worker = pool.nextReady();
            if (worker.isEmpty()) {
                return;
            }
            Optional<ChunkTask> task = board.nextTask();
            if (task.isEmpty()) {
                return;
            }
            if (now == null) {
                now = Instant.now();
            }
            ChunkTask chunk = task.get();
            worker.get().tell(new Assign(chunk, self));
            pool.assigned(worker.get(), new ChunkKey(chunk.jobId(), chunk.chunkId()), now);
            metrics.chunkDispatched();
        }
    }

    /** Chunks taken from a worker go back to their jobs, to be sent to another. */
    private void handOutAgain(Collection<ChunkKey> chunks, String reason) {
        metrics.redelivered(reason, chunks.size());
        for (ChunkKey chunk : chunks) {
            board.retry(chunk.jobId(), chunk.chunk());
        }
        logHandedOut(chunks, reason);
        dispatch();
    }

    /**
     * One INFO line per job whose chunks go to other workers, with the fields {@code jobId},
     * {@code chunkIds} (sorted) and {@code reason}; one DEBUG line per chunk with {@code chunkId}.
     */
    private void logHandedOut(Collection<ChunkKey> chunks, String reason) {
        Map<String, List<Integer>> byJob = new java.util.TreeMap<>();
        chunks.forEach(chunk -> byJob.computeIfAbsent(chunk.jobId(), id -> new ArrayList<>()).add(chunk.chunk()));
        byJob.forEach((jobId, ids) -> {
            ids.sort(null);
            jobLog(Level.INFO, jobId).addKeyValue("chunkIds", ids).addKeyValue("reason", reason)
                    .log("Job {}: {} chunks handed to other workers ({}): {}", jobId, ids.size(), reason,
                            ranges(ids));
            if (getContext().getLog().isDebugEnabled()) {
                ids.forEach(id -> jobLog(Level.DEBUG, jobId).addKeyValue("chunkId", id).addKeyValue("reason", reason)
                        .log("Job {} chunk {} handed to another worker ({})", jobId, id, reason));
            }
        });
    }

    // --- jobs ---------------------------------------------------------------------------------

    private Behavior<MasterCommand> onAdmit(Admit admit) {
        if (board.get(admit.id()).isPresent()) {
            admit.replyTo().tell(new Accepted(admit.id()));
            return this;
        }
        if (storeProblem != null) {
            admit.replyTo().tell(new NotAccepted("the job store is failing (" + storeProblem
                    + "): no new jobs until it works again"));
            return this;
        }
        int unfinished = board.unfinishedCount() + admitting.size();
        if (unfinished >= settings.maxRunningJobs()) {
            getContext().getLog().info("Job refused: {} jobs are queued or running, at most {} at once",
                    unfinished, settings.maxRunningJobs());
            admit.replyTo().tell(new Busy(unfinished, settings.maxRunningJobs()));
            return this;
        }
        if (admit.definition().length > 0) {
            JobEvent.JobSubmitted submitted;
            try {
                submitted = JobEventCodec.decodeSubmitted(admit.definition());
            } catch (RuntimeException e) {
                admit.replyTo().tell(new NotAccepted("job " + admit.id() + " came with a definition that cannot be"
                        + " read: " + e.getMessage()));
                return this;
            }
            // Its journal starts now, to record results after the definition (event 1), without reading it back.
            journals.computeIfAbsent(admit.id(), id -> startJournal(getContext(), id, JobJournal.continuing(store, id, 1),
                    ++journalNames));
            admitted(Job.replay(List.of(submitted)), admit.replyTo());
            return this;
        }
        // The job's journal reads the definition the API stored: the same path as after a takeover.
        admitting.put(admit.id(), admit.replyTo());
        journal(admit.id());
        return this;
    }

    private Behavior<MasterCommand> onJournalReplayed(JournalReplayed message) {
        JobJournal.Replayed replayed = message.replayed();
        ActorRef<SubmitReply> admitter = admitting.remove(replayed.jobId());
        if (admitter == null) {
            // A journal started again after a failure: the job is known already.
            return this;
        }
        String id = replayed.jobId();
        if (replayed.events().isEmpty()) {
            admitter.tell(new NotAccepted("job " + id + " is not in the job store"));
            return this;
        }
        admitted(Job.replay(replayed.events()), admitter);
        return this;
    }

    /** A new job, its definition stored: on the board, unless the lists of inputs held are too many. */
    private void admitted(Job job, ActorRef<SubmitReply> admitter) {
        String id = job.id();
        long held = board.unfinishedListInputs();
        if (job.spec().inputs() instanceof InputSource.Listed listed
                && held + listed.total() > settings.maxRunningListInputs()) {
            getContext().getLog().info("Job refused: the lists of the unfinished jobs hold {} inputs, with its {} at"
                    + " most {}", held, listed.total(), settings.maxRunningListInputs());
            erase(id);
            admitter.tell(new ListsBusy(held, listed.total(), settings.maxRunningListInputs()));
            return;
        }
        board.add(job);
        results.define(id, job.spec());
        JobSpec spec = job.spec();
        jobLog(Level.INFO, id).log("Job {} submitted: {} over {} ({} inputs, {} chunks of {}), {} worker actors",
                id, spec.function(), spec.inputs().describe(), spec.inputs().total(), job.chunkCount(),
                spec.chunkSize(), pool.size());
        metrics.jobSubmitted();
        admitter.tell(new Accepted(id));
        dispatch();
    }

    private Behavior<MasterCommand> onGetStatus(GetStatus request) {
        request.replyTo().tell(new StatusReply(board.get(request.id()).map(job -> job.status(Instant.now()))));
        return this;
    }

    private Behavior<MasterCommand> onAwaitEnd(AwaitEnd request) {
        Optional<Job> job = board.get(request.id());
        if (job.isEmpty() || job.get().state().isEnded() || request.maxWait().isZero()) {
            request.replyTo().tell(new StatusReply(job.map(found -> found.status(Instant.now()))));
            return this;
        }
        Waiter waiter = new Waiter(nextWaiter++, request.id(), request.replyTo());
        waiters.put(waiter.id(), waiter);
        timers.startSingleTimer(waiter.id(), new WaitExpired(waiter.id()), request.maxWait());
        return this;
    }

    private Behavior<MasterCommand> onWaitExpired(WaitExpired expired) {
        Waiter waiter = waiters.remove(expired.waiter());
        if (waiter != null) {
            waiter.replyTo().tell(new StatusReply(board.get(waiter.jobId()).map(job -> job.status(Instant.now()))));
        }
        return this;
    }

    /** Answers everyone waiting for this job: it has ended. */
    private void wakeWaiters(Job job) {
        if (waiters.isEmpty()) {
            return;
        }
        JobStatus status = job.status(Instant.now());
        for (var it = waiters.values().iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.jobId().equals(job.id())) {
                it.remove();
                timers.cancel(waiter.id());
                waiter.replyTo().tell(new StatusReply(Optional.of(status)));
            }
        }
    }

    private Behavior<MasterCommand> onListJobs(ListJobs request) {
        Instant now = Instant.now();
        request.replyTo().tell(new JobList(board.newestFirst().stream().map(job -> job.status(now)).toList()));
        return this;
    }

    private Behavior<MasterCommand> onCancel(Cancel request) {
        Optional<Job> maybeJob = board.get(request.id());
        if (maybeJob.isEmpty()) {
            request.replyTo().tell(new StatusReply(Optional.empty()));
            return this;
        }
        Job job = maybeJob.get();
        Instant now = Instant.now();
        if (job.cancel(now)) {
            jobLog(Level.INFO, job.id()).log("Job {} CANCELLED after {} of {} inputs", job.id(), job.completed(),
                    job.spec().inputs().total());
            unrecorded.remove(job.id());
            journal(job.id()).tell(new JobJournal.Record(new JobEvent.JobCancelled(now), recordedAdapter));
            board.ended(job).forEach(dropped -> erase(dropped.id()));
            wakeWaiters(job);
            noMoreChunks(job);
        } else {
            board.remove(job.id());
            erase(job.id());
            jobLog(Level.INFO, job.id()).log("Job {} deleted", job.id());
        }
        request.replyTo().tell(new StatusReply(Optional.of(job.status(now))));
        return this;
    }

    /** The job, or empty after telling {@code replyTo} there is none. */
    private Optional<Job> knownJob(String id, ActorRef<ResultsReply> replyTo) {
        Optional<Job> job = board.get(id);
        if (job.isEmpty()) {
            replyTo.tell(new UnknownJob(id));
        }
        return job;
    }

    private Behavior<MasterCommand> onGetResults(GetResults request) {
        knownJob(request.id(), request.replyTo()).ifPresent(job -> {
            JobStatus status = job.status(Instant.now());
            request.replyTo().tell(job.hasResults() ? new ResultsStored(status,
                    job.chunkCount() <= LISTED_EVENTS ? job.storedInAll() : new long[0]) : new NoResults(status));
        });
        return this;
    }

    private Behavior<MasterCommand> onGetStoredIn(GetStoredIn request) {
        knownJob(request.id(), request.replyTo()).ifPresent(job -> request.replyTo().tell(job.hasResults()
                && request.from() >= 0 && request.count() >= 0 && request.from() + request.count() <= job.chunkCount()
                ? new StoredIn(job.storedIn(request.from(), request.count()))
                : new NoResults(job.status(Instant.now()))));
        return this;
    }

    private Behavior<MasterCommand> onAwaitChunk(AwaitChunk request) {
        Optional<Job> maybeJob = knownJob(request.id(), request.replyTo());
        if (maybeJob.isEmpty()) {
            return this;
        }
        Job job = maybeJob.get();
        if (job.isDone(request.chunk())) {
            request.replyTo().tell(new ChunkStored(job.storedIn(request.chunk())));
        } else if (job.state() == JobState.CANCELLED || request.chunk() < 0 || request.chunk() >= job.chunkCount()) {
            request.replyTo().tell(new NoResults(job.status(Instant.now())));
        } else {
            chunkWaiters.computeIfAbsent(job.id(), id -> new HashMap<>())
                    .computeIfAbsent(request.chunk(), chunk -> new ArrayList<>()).add(request.replyTo());
        }
        return this;
    }

    private void chunkDone(Job job, int chunk) {
        Map<Integer, List<ActorRef<ResultsReply>>> byChunk = chunkWaiters.get(job.id());
        if (byChunk == null) {
            return;
        }
        List<ActorRef<ResultsReply>> streams = byChunk.remove(chunk);
        if (streams != null) {
            ChunkStored stored = new ChunkStored(job.storedIn(chunk));
            streams.forEach(stream -> stream.tell(stored));
        }
        if (byChunk.isEmpty()) {
            chunkWaiters.remove(job.id());
        }
    }

    /** A job that stops without all its results: the streams waiting for them end. */
    private void noMoreChunks(Job job) {
        Map<Integer, List<ActorRef<ResultsReply>>> byChunk = chunkWaiters.remove(job.id());
        if (byChunk != null) {
            NoResults none = new NoResults(job.status(Instant.now()));
            byChunk.values().forEach(streams -> streams.forEach(stream -> stream.tell(none)));
        }
    }

    private void jobEnded(Job job) {
        JobStatus status = job.status(Instant.now());
        if (job.state() == JobState.SUCCEEDED) {
            jobLog(Level.INFO, job.id()).log("Job {} SUCCEEDED: {} inputs in {} ms ({} tasks/s), by worker node: {}",
                    job.id(), status.total(), status.elapsedMillis(), status.tasksPerSecond(), status.workerNodes());
        } else {
            jobLog(Level.WARN, job.id()).log("Job {} FAILED: {} of {} inputs failed (first: {}), {} ms",
                    job.id(), status.failed(), status.total(),
                    status.errors().isEmpty() ? "-" : status.errors().get(0), status.elapsedMillis());
        }
        metrics.jobEnded(Duration.ofMillis(status.elapsedMillis()));
        board.ended(job).forEach(dropped -> erase(dropped.id()));
        wakeWaiters(job);
    }

    private Behavior<MasterCommand> onGetWorkers(GetWorkers request) {
        List<WorkerNodeView> nodes = new ArrayList<>();
        pool.nodes().forEach((node, load) -> nodes.add(new WorkerNodeView(node, load.actors(), load.chunksInFlight(),
                throughput.done(node), throughput.tasksPerSecond(node), load.workerActors())));
        request.replyTo().tell(new WorkersView(nodes, pool.size(), pool.inFlight(), throughput.tasksPerSecond(),
                storeProblem));
        return this;
    }

    private Behavior<MasterCommand> onGetThroughput(GetThroughput request) {
        request.replyTo().tell(new Throughput((int) TICK.toSeconds(), throughput.history()));
        return this;
    }

    // --- membership ---------------------------------------------------------------------------

    private Behavior<MasterCommand> onWorkersListed(WorkersListed message) {
        Set<ActorRef<ToWorker>> now = message.listing().getServiceInstances(WorkerProtocol.WORKER_SERVICE_KEY);
        for (ActorRef<ToWorker> worker : now) {
            if (listed.add(worker)) {
                if (pool.add(worker)) {
                    getContext().getLog().info("Worker registered: {}", worker.path());
                }
                worker.tell(new Hello(self));
            }
        }
        for (ActorRef<ToWorker> worker : Set.copyOf(listed)) {
            if (!now.contains(worker)) {
                listed.remove(worker);
                Collection<ChunkKey> held = pool.remove(worker);
                getContext().getLog().info("Worker lost: {} ({} chunks handed to other workers)", worker.path(),
                        held.size());
                handOutAgain(held, "worker-lost");
            }
        }
        return this;
    }

    private Behavior<MasterCommand> onMemberChanged(MemberChanged message) {
        if (message.event() instanceof ClusterEvent.MemberRemoved removed) {
            List<ChunkKey> held = pool.nodeRemoved(removed.member().address());
            throughput.forget(WorkerPool.nodeName(removed.member().address()));
            if (!held.isEmpty()) {
                getContext().getLog().warn("Worker node removed: {} ({} chunks handed to other workers)",
                        removed.member().address(), held.size());
            }
            handOutAgain(held, "node-removed");
        }
        return this;
    }

    private Behavior<MasterCommand> onReachabilityChanged(ReachabilityChanged message) {
        if (message.event() instanceof ClusterEvent.UnreachableMember unreachable) {
            List<ChunkKey> held = pool.nodeUnreachable(unreachable.member().address());
            if (unreachable.member().hasRole(WORKER_ROLE)) {
                getContext().getLog().warn("Worker node unreachable: {} ({} chunks handed to other workers)",
                        unreachable.member().address(), held.size());
            }
            handOutAgain(held, "node-unreachable");
        } else if (message.event() instanceof ClusterEvent.ReachableMember reachable) {
            pool.nodeReachable(reachable.member().address());
            dispatch();
        }
        return this;
    }

    // --- timers -------------------------------------------------------------------------------

    private Behavior<MasterCommand> onTick() {
        Instant now = Instant.now();
        throughput.sample(now);
        updateGauges();
        List<ChunkKey> overdue = pool.overdue(now, settings.chunkTimeout());
        if (!overdue.isEmpty()) {
            Duration timeout = settings.chunkTimeout();
            getContext().getLog().warn("{} chunks unanswered for {}: handed to other workers", overdue.size(),
                    timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms");
            handOutAgain(overdue, "overdue");
        }
        if (Duration.between(lastProgressLog, now).compareTo(settings.progressLogInterval()) >= 0) {
            lastProgressLog = now;
            for (Job job : board.all()) {
                if (job.state() == JobState.RUNNING) {
                    JobStatus status = job.status(now);
                    jobLog(Level.INFO, job.id()).log("Job {} progress: {}/{} inputs ({}%), {} tasks/s, {} chunks in flight",
                            job.id(), status.completed() + status.failed(), status.total(),
                            (status.completed() + status.failed()) * 100 / Math.max(1, status.total()),
                            status.tasksPerSecond(), pool.inFlight());
                }
            }
        }
        return this;
    }

    private void updateGauges() {
        Map<String, Long> nodeRates = new HashMap<>();
        pool.nodes().keySet().forEach(node -> nodeRates.put(node, throughput.tasksPerSecond(node)));
        Map<JobState, Long> jobs = new EnumMap<>(JobState.class);
        board.all().forEach(job -> jobs.merge(job.state(), 1L, Long::sum));
        metrics.update(pool.inFlight(), pool.size(), nodeRates, throughput.tasksPerSecond(), jobs);
    }

    /** Sorted chunk ids as ranges, for a log line: {@code 3, 7-9, 12}. */
    static String ranges(List<Integer> sorted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            out.append(out.isEmpty() ? "" : ", ").append(sorted.get(i));
            if (j > i) {
                out.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** A log line about one job: the job id also goes in a field of its own (LOG_FORMAT=json). */
    LoggingEventBuilder jobLog(Level level, String jobId) {
        return getContext().getLog().atLevel(level).addKeyValue("jobId", jobId);
    }
}
