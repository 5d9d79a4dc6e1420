package io.computecluster.master.manager;

import io.computecluster.common.column.Column;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.ChunkDone;
import io.computecluster.common.protocol.WorkerProtocol.ChunkPart;
import io.computecluster.common.protocol.WorkerProtocol.ChunkProgress;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.Goodbye;
import io.computecluster.common.protocol.WorkerProtocol.Hello;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.common.protocol.WorkerProtocol.RequestWork;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol.ToWorker;
import io.computecluster.common.protocol.WorkerProtocol;
import io.computecluster.master.dispatch.ChunkKey;
import io.computecluster.master.dispatch.WorkerPool;
import io.computecluster.master.function.FunctionRegistry;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobBoard;
import io.computecluster.master.job.JobEvent.ChunkResult;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.manager.JobManagerProtocol.Accepted;
import io.computecluster.master.manager.JobManagerProtocol.Admit;
import io.computecluster.master.manager.JobManagerProtocol.AwaitChunk;
import io.computecluster.master.manager.JobManagerProtocol.AwaitEnd;
import io.computecluster.master.manager.JobManagerProtocol.Cancel;
import io.computecluster.master.manager.JobManagerProtocol.ChunkStored;
import io.computecluster.master.manager.JobManagerProtocol.GetResults;
import io.computecluster.master.manager.JobManagerProtocol.GetStatus;
import io.computecluster.master.manager.JobManagerProtocol.GetStoredIn;
import io.computecluster.master.manager.JobManagerProtocol.GetThroughput;
import io.computecluster.master.manager.JobManagerProtocol.GetWorkers;
import io.computecluster.master.manager.JobManagerProtocol.JobList;
import io.computecluster.master.manager.JobManagerProtocol.ListJobs;
import io.computecluster.master.manager.JobManagerProtocol.NoResults;
import io.computecluster.master.manager.JobManagerProtocol.NotAccepted;
import io.computecluster.master.manager.JobManagerProtocol.ResultsReply;
import io.computecluster.master.manager.JobManagerProtocol.ResultsStored;
import io.computecluster.master.manager.JobManagerProtocol.StatusReply;
import io.computecluster.master.manager.JobManagerProtocol.StoredIn;
import io.computecluster.master.manager.JobManagerProtocol.SubmitReply;
import io.computecluster.master.manager.JobManagerProtocol.Throughput;
import io.computecluster.master.manager.JobManagerProtocol.TooManyWaiting;
import io.computecluster.master.manager.JobManagerProtocol.UnknownJob;
import io.computecluster.master.manager.JobManagerProtocol.WorkerNodeView;
import io.computecluster.master.manager.JobManagerProtocol.WorkersView;
import io.computecluster.master.metrics.MasterMetrics;
import io.computecluster.master.store.JobEventCodec;
import io.computecluster.master.store.JobJournal;
import io.computecluster.master.store.JobStore;
import io.computecluster.master.store.ResultCache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The master's job manager, run as a cluster singleton: hands the chunks of the jobs to the
 * worker actors that ask for work, and sends the chunks of a lost, unreachable or silent worker
 * to others. Dispatch and membership are its own concern; the rest it delegates: the decisions
 * to {@link JobBoard} and {@link WorkerPool}, writing results to the store to
 * {@link ResultRecorder} and the jobs' {@link Journals}, admission to {@link AdmissionPolicy},
 * waiting requests to {@link JobWaiters}, log lines and metrics to {@link JobReporter}. It starts
 * from what {@link JobRecovery} read from the store, so that a new singleton after a takeover or
 * a restart goes on where the last one stopped. Its protocol is {@link JobManagerProtocol}.
 */
public final class JobManager extends AbstractBehavior<MasterCommand> {

    /** A job's events were erased from the store, or could not be ({@code failure}). */
    private record Erased(String jobId, Throwable failure) implements MasterCommand {
    }

    /** The inputs of a chunk of a job whose inputs are in the store were read, or could not be ({@code failure}). */
    private record InputsLoaded(String jobId, int chunk, io.computecluster.common.column.Column inputs,
                                Throwable failure) implements MasterCommand {
    }

    /** Erases the inputs that had no definition at recovery, unless their job was submitted since. */
    private record EraseUnsubmitted(List<String> jobIds) implements MasterCommand {
    }

    private enum FlushResults implements MasterCommand {
        INSTANCE
    }

    private enum Tick implements MasterCommand {
        INSTANCE
    }

    private record WaitExpired(long waiter) implements MasterCommand {
    }

    static final Duration TICK = Duration.ofSeconds(1);
    /** While the store fails, results are offered to it again at this pace. */
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);
    /** Messages kept while recovering; workers send a few each, clients one per request. */
    private static final int STASH_CAPACITY = 100_000;
    /**
     * How long inputs found without a definition at recovery are kept: a master may be streaming
     * a long body into the store while the job manager moves, and writes the definition at its end.
     */
    static final Duration SUBMISSION_GRACE = Duration.ofHours(1);
    /** Inputs of stored jobs read ahead of dispatch, between all jobs. */
    static final long READ_AHEAD_BYTES = 32L << 20;
    private static final Duration READ_WARNING_PAUSE = Duration.ofSeconds(30);

    private final JobManagerSettings settings;
    private final JobBoard board;
    private final WorkerPool pool = new WorkerPool();
    private final FunctionRegistry functions = new FunctionRegistry();
    /** Workers the receptionist listed last time; only their disappearance counts as a loss. */
    private final Set<ActorRef<ToWorker>> listed = new HashSet<>();
    private final ActorRef<WorkerProtocol.ToMaster> self;
    private final TimerScheduler<MasterCommand> timers;
    private final JobStore store;
    /** Results just stored, for downloads in this JVM; the store has them all. */
    private final ResultCache results;
    private final Journals journals;
    private final ResultRecorder recorder = new ResultRecorder();
    private final AdmissionPolicy admission;
    private final JobWaiters waiters;
    private final JobReporter reporter;
    /** Jobs stored by a master's API and being read back, with the asker waiting for the answer. */
    private final Map<String, ActorRef<SubmitReply>> admitting = new HashMap<>();
    /** The next chunks' inputs of the jobs whose inputs are in the store. */
    private final InputReadAhead readAhead = new InputReadAhead(READ_AHEAD_BYTES);
    /** When a failed read of each job's inputs was last logged: a store that keeps failing is said every so often. */
    private final Map<String, Instant> readWarnings = new HashMap<>();
    /** The Idempotency-Keys of the kept jobs: a retried submission gets the job the first one made. */
    private final IdempotencyKeys keys;
    /** The parts of the chunks whose results came in more than one message, until their ChunkDone. */
    private final ChunkParts parts = new ChunkParts();

    /** The job manager: recovers the jobs from the store first, and follows the cluster's members. */
    public static Behavior<MasterCommand> create(JobManagerSettings settings, JobStore store) {
        return create(settings, store, true);
    }

    /**
     * @param followCluster false in tests that tell it the workers and nodes themselves
     *                      ({@link Membership}'s messages)
     */
    static Behavior<MasterCommand> create(JobManagerSettings settings, JobStore store, boolean followCluster) {
        // A bug in one message must not lose every job in memory: resume, keeping the state.
        return Behaviors.supervise(Behaviors.<MasterCommand>withStash(STASH_CAPACITY, stash ->
                        Behaviors.setup(context -> Behaviors.withTimers(timers -> {
                            // Recovery's lines too are the job manager's.
                            context.setLoggerName(JobManager.class);
                            if (followCluster) {
                                Membership.follow(context);
                            }
                            return JobRecovery.recover(context, timers, stash, settings, store, recovered ->
                                    new JobManager(context, timers, settings, store, recovered));
                        }))))
                .onFailure(SupervisorStrategy.resume());
    }

    private JobManager(ActorContext<MasterCommand> context, TimerScheduler<MasterCommand> timers,
                       JobManagerSettings settings, JobStore store, RecoveredJobs recovered) {
        super(context);
        this.settings = settings;
        this.timers = timers;
        this.board = recovered.board();
        this.journals = recovered.journals();
        this.store = store;
        this.admission = new AdmissionPolicy(settings.maxRunningJobs(), settings.maxRunningListInputs());
        this.waiters = new JobWaiters(settings.maxWaitingRequests());
        this.results = ResultCache.get(context.getSystem());
        this.keys = recovered.keys();
        board.all().forEach(job -> results.define(job.id(), job.spec()));
        this.self = context.getSelf().narrow();
        this.reporter = new JobReporter(context.getLog(), MasterMetrics.get(context.getSystem()),
                settings.progressLogInterval());
        timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
        context.getLog().info("Job manager started on {}", context.getSystem().address());
        recovered.pastRetention().forEach(job -> erase(job.id()));
        if (!recovered.inputsOnly().isEmpty()) {
            timers.startSingleTimer(new EraseUnsubmitted(recovered.inputsOnly()), SUBMISSION_GRACE);
        }
    }

    @Override
    public Receive<MasterCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(ChunkDone.class, this::onChunkDone)
                .onMessage(ChunkPart.class, this::onChunkPart)
                .onMessage(ChunkProgress.class, this::onChunkProgress)
                .onMessage(RequestWork.class, this::onRequestWork)
                .onMessage(Goodbye.class, this::onGoodbye)
                .onMessage(Admit.class, this::onAdmit)
                .onMessage(JobManagerProtocol.FindByKey.class, this::onFindByKey)
                .onMessage(Journals.Recorded.class, this::onJournalRecorded)
                .onMessage(Journals.Replayed.class, this::onJournalReplayed)
                .onMessage(Journals.Stopped.class, this::onJournalStopped)
                .onMessage(Erased.class, this::onErased)
                .onMessage(InputsLoaded.class, this::onInputsLoaded)
                .onMessage(EraseUnsubmitted.class, this::onEraseUnsubmitted)
                .onMessageEquals(FlushResults.INSTANCE, this::onFlushResults)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(AwaitEnd.class, this::onAwaitEnd)
                .onMessage(WaitExpired.class, this::onWaitExpired)
                .onMessage(ListJobs.class, this::onListJobs)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(GetResults.class, this::onGetResults)
                .onMessage(GetWorkers.class, this::onGetWorkers)
                .onMessage(GetThroughput.class, this::onGetThroughput)
                .onMessage(JobManagerProtocol.GetFunctions.class, this::onGetFunctions)
                .onMessage(AwaitChunk.class, this::onAwaitChunk)
                .onMessage(GetStoredIn.class, this::onGetStoredIn)
                .onMessage(Membership.WorkersListed.class, this::onWorkersListed)
                .onMessage(Membership.NodeRemoved.class, this::onNodeRemoved)
                .onMessage(Membership.NodeUnreachable.class, this::onNodeUnreachable)
                .onMessage(Membership.NodeReachable.class, this::onNodeReachable)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .build();
    }

    // --- dispatch -----------------------------------------------------------------------------

    private Behavior<MasterCommand> onRequestWork(RequestWork request) {
        if (pool.add(request.worker())) {
            getContext().getLog().info("Worker registered: {}", request.worker().path());
        }
        pool.offers(request.worker(), request.offers());
        functions.offered(request.offers());
        pool.grant(request.worker(), request.credit());
        dispatch();
        return this;
    }

    private Behavior<MasterCommand> onChunkDone(ChunkDone done) {
        ChunkKey key = new ChunkKey(done.jobId(), done.chunkId());
        Optional<Job> job = board.get(done.jobId());
        Optional<ChunkParts.Joined> whole = whole(done, key, job);
        if (whole.isEmpty()) {
            // The worker keeps holding the chunk, which goes to a worker again once overdue.
            pool.grant(done.worker(), done.credit());
            dispatch();
            return this;
        }
        Instant sentAt = pool.answered(done.worker(), key, done.credit());
        if (job.isPresent()) {
            String node = pool.nodeNameOf(done.worker());
            Column results = whole.get().results();
            List<TaskError> errors = whole.get().errors();
            Optional<ChunkResult> accepted = job.get().accept(done.chunkId(), results, errors, node);
            if (accepted.isPresent()) {
                reporter.chunkDone(node, results.size(), errors.size(), sentAt, done.computeNanos());
                if (recorder.add(job.get().id(), accepted.get())) {
                    scheduleFlush();
                }
            }
        }
        dispatch();
        return this;
    }

    /**
     * The chunk's whole results: the answer's, after the parts that came before it; empty, with one
     * warning, when the parts and the answer do not make up the chunk.
     */
    private Optional<ChunkParts.Joined> whole(ChunkDone done, ChunkKey key, Optional<Job> job) {
        List<ChunkPart> received = parts.take(done.worker(), key);
        if (received.isEmpty() || job.isEmpty()) {
            return Optional.of(new ChunkParts.Joined(done.results(), done.errors()));
        }
        try {
            return Optional.of(ChunkParts.join(received, done.results(), done.errors(),
                    job.get().count(done.chunkId())));
        } catch (IllegalArgumentException e) {
            getContext().getLog().atWarn().addKeyValue("jobId", done.jobId())
                    .addKeyValue("chunkId", done.chunkId())
                    .log("Job {} chunk {}: the {} parts and the answer of {} do not make up the chunk ({}):"
                            + " dropped, the chunk is sent again once overdue", done.jobId(), done.chunkId(),
                            received.size(), done.worker().path(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Part of a chunk's results, kept until the chunk's ChunkDone; like {@link ChunkProgress}, it
     * starts the chunk's timeout again. Kept only while its worker holds the chunk of a running job.
     */
    private Behavior<MasterCommand> onChunkPart(ChunkPart part) {
        ChunkKey key = new ChunkKey(part.jobId(), part.chunkId());
        Optional<Job> job = board.get(part.jobId());
        if (job.isPresent() && !job.get().state().isEnded() && !job.get().isDone(part.chunkId())
                && pool.progress(part.worker(), key, Instant.now())) {
            parts.add(part);
        }
        return this;
    }

    /** A worker still at a long chunk: its chunk timeout starts again (membership still decides loss). */
    private Behavior<MasterCommand> onChunkProgress(ChunkProgress progress) {
        pool.progress(progress.worker(), new ChunkKey(progress.jobId(), progress.chunkId()), Instant.now());
        return this;
    }

    private Behavior<MasterCommand> onGoodbye(Goodbye goodbye) {
        pool.leaving(goodbye.worker());
        getContext().getLog().info("Worker leaving: {}", goodbye.worker().path());
        return this;
    }

    /**
     * Hands out chunks while some worker has credit and some job of a function it offers has a
     * chunk whose inputs are at hand, then has the next chunks' stored inputs read.
     */
    private void dispatch() {
        handOut();
        readAhead();
    }

    private void handOut() {
        Instant now = null;
        Set<ActorRef<ToWorker>> passedOver = null;
        JobBoard.LoadedInputs loaded = (job, chunk) -> readAhead.take(job.id(), chunk);
        while (true) {
            Optional<ActorRef<ToWorker>> worker = pool.nextReady(passedOver == null ? Set.of() : passedOver);
            if (worker.isEmpty()) {
                return;
            }
            ActorRef<ToWorker> ready = worker.get();
            Optional<ChunkTask> task = board.nextTask(call -> pool.offers(ready, call), loaded);
            if (task.isEmpty()) {
                // Nothing this worker runs is waiting; another may run what is.
                if (passedOver == null) {
                    passedOver = new HashSet<>();
                }
                passedOver.add(ready);
                continue;
            }
            if (now == null) {
                now = Instant.now();
            }
            ChunkTask chunk = task.get();
            worker.get().tell(new Assign(chunk, self));
            pool.assigned(worker.get(), new ChunkKey(chunk.jobId(), chunk.chunkId()), now);
            reporter.chunkDispatched();
        }
    }

    /** Starts reading the inputs of the next chunks of the jobs whose inputs are in the store. */
    private void readAhead() {
        for (Job job : board.withStoredInputs()) {
            if (job.spec().inputs() instanceof InputSource.Stored stored) {
                for (int chunk : readAhead.toRead(job)) {
                    long offset = (long) chunk * job.spec().chunkSize();
                    String jobId = job.id();
                    getContext().pipeToSelf(stored.slice(offset, job.count(chunk),
                                    block -> store.readInputs(jobId, block)),
                            (inputs, failure) -> new InputsLoaded(jobId, chunk, inputs, failure));
                }
            }
        }
    }

    private Behavior<MasterCommand> onInputsLoaded(InputsLoaded loaded) {
        if (loaded.failure() != null) {
            // Read again at the next tick: a store that fails a while delays the job, it does not fail it.
            readAhead.failed(loaded.jobId(), loaded.chunk());
            Instant now = Instant.now();
            Instant warned = readWarnings.get(loaded.jobId());
            if (warned == null || warned.plus(READ_WARNING_PAUSE).isBefore(now)) {
                readWarnings.put(loaded.jobId(), now);
                getContext().getLog().atWarn().addKeyValue("jobId", loaded.jobId()).log(
                        "Cannot read the inputs of chunk {} of job {}: {}; trying again every {} s (said again in {} s"
                                + " if it goes on)", loaded.chunk(), loaded.jobId(),
                        JobStore.oneLine(loaded.failure()), TICK.toSeconds(), READ_WARNING_PAUSE.toSeconds());
            }
            return this;
        }
        readWarnings.remove(loaded.jobId());
        readAhead.loaded(loaded.jobId(), loaded.chunk(), loaded.inputs());
        dispatch();
        return this;
    }

    /** Chunks taken from a worker go back to their jobs, to be sent to another. */
    private void handOutAgain(Collection<ChunkKey> chunks, String reason) {
        for (ChunkKey chunk : chunks) {
            parts.dropChunk(chunk);
            board.retry(chunk.jobId(), chunk.chunk());
        }
        reporter.handedOut(chunks, reason);
        dispatch();
    }

    // --- membership ---------------------------------------------------------------------------

    private Behavior<MasterCommand> onWorkersListed(Membership.WorkersListed message) {
        Set<ActorRef<ToWorker>> now = message.workers();
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
                parts.dropWorker(worker);
                Collection<ChunkKey> held = pool.remove(worker);
                getContext().getLog().info("Worker lost: {} ({} chunks handed to other workers)", worker.path(),
                        held.size());
                handOutAgain(held, "worker-lost");
            }
        }
        return this;
    }

    private Behavior<MasterCommand> onNodeRemoved(Membership.NodeRemoved removed) {
        List<ChunkKey> held = pool.nodeRemoved(removed.node());
        reporter.nodeRemoved(WorkerPool.nodeName(removed.node()));
        if (!held.isEmpty()) {
            getContext().getLog().warn("Worker node removed: {} ({} chunks handed to other workers)",
                    removed.node(), held.size());
        }
        handOutAgain(held, "node-removed");
        return this;
    }

    private Behavior<MasterCommand> onNodeUnreachable(Membership.NodeUnreachable unreachable) {
        List<ChunkKey> held = pool.nodeUnreachable(unreachable.node());
        if (unreachable.worker()) {
            getContext().getLog().warn("Worker node unreachable: {} ({} chunks handed to other workers)",
                    unreachable.node(), held.size());
        }
        handOutAgain(held, "node-unreachable");
        return this;
    }

    private Behavior<MasterCommand> onNodeReachable(Membership.NodeReachable reachable) {
        pool.nodeReachable(reachable.node());
        dispatch();
        return this;
    }

    private Behavior<MasterCommand> onTick() {
        Instant now = Instant.now();
        reporter.tick(now, board.all(), pool);
        List<ChunkKey> overdue = pool.overdue(now, settings.chunkTimeout());
        if (!overdue.isEmpty()) {
            Duration timeout = settings.chunkTimeout();
            getContext().getLog().warn("{} chunks unanswered for {}: handed to other workers", overdue.size(),
                    timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms");
            handOutAgain(overdue, "overdue");
        }
        // Reads of stored inputs that failed are tried again.
        readAhead();
        return this;
    }

    // --- results into the job store ----------------------------------------------------------

    /**
     * Results go to the store after the messages already in the mailbox are handled: the results
     * that arrive meanwhile go in the same write. While the store fails, a second later.
     */
    private void scheduleFlush() {
        if (recorder.storeProblem() == null) {
            getContext().getSelf().tell(FlushResults.INSTANCE);
        } else {
            timers.startSingleTimer(FlushResults.INSTANCE, STORE_RETRY);
        }
    }

    private Behavior<MasterCommand> onFlushResults() {
        Instant now = Instant.now();
        recorder.flush().forEach((jobId, batch) ->
                journals.record(jobId, new JobEvent.ChunksCompleted(List.copyOf(batch), now)));
        return this;
    }

    private Behavior<MasterCommand> onJournalRecorded(Journals.Recorded message) {
        JobJournal.Recorded recorded = message.recorded();
        if (!(recorded.event() instanceof JobEvent.ChunksCompleted completed)) {
            return this;
        }
        boolean flush = recorder.written(recorded.jobId());
        if (recorder.recovered() != null) {
            getContext().getLog().info("The job store takes writes again: new jobs are accepted");
        }
        board.get(recorded.jobId()).ifPresent(job -> {
            boolean counted = false;
            for (ChunkResult chunk : completed.chunks()) {
                if (job.recorded(chunk, completed.at(), recorded.sequenceNr(),
                        readAhead.handedOut(job.id(), chunk.chunk()))) {
                    readAhead.done(job.id(), chunk.chunk());
                    results.put(job.id(), chunk);
                    counted = true;
                    chunkStored(job, chunk.chunk());
                }
            }
            // Ended by these results; results of a cancelled job count for nothing and end nothing.
            if (counted && job.state().isEnded()) {
                jobEnded(job);
            }
        });
        if (flush) {
            scheduleFlush();
        }
        return this;
    }

    private Behavior<MasterCommand> onJournalStopped(Journals.Stopped stopped) {
        String jobId = stopped.jobId();
        journals.stopped(jobId);
        List<ChunkResult> lost = recorder.writeFailed(jobId);
        if (!lost.isEmpty()) {
            storeFailed("the results of " + lost.size() + " chunks of job " + jobId + " could not be written");
            board.get(jobId).ifPresent(job -> lost.forEach(result -> {
                job.notRecorded(result);
                board.retry(jobId, result.chunk());
            }));
            dispatch();
        }
        ActorRef<SubmitReply> admitter = admitting.remove(jobId);
        if (admitter != null) {
            storeFailed("job " + jobId + " could not be read back");
            admitter.tell(new NotAccepted("the job store failed while reading job " + jobId + " back: "
                    + recorder.storeProblem()));
        }
        if (recorder.flushFor(jobId)) {
            scheduleFlush();
        }
        return this;
    }

    private void storeFailed(String what) {
        if (recorder.storeFailed(what)) {
            getContext().getLog().error("The job store is failing: {}. No new jobs are accepted until it works again;"
                    + " results not stored are computed again", what);
        }
    }

    /** Forgets a deleted or expired job's events: its journal stops, then its rows go. */
    private void erase(String jobId) {
        parts.dropJob(jobId);
        keys.forget(jobId);
        readAhead.forget(jobId);
        readWarnings.remove(jobId);
        results.forget(jobId);
        recorder.forget(jobId);
        journals.stop(jobId);
        getContext().pipeToSelf(store.erase(jobId), (ok, failure) -> new Erased(jobId, failure));
    }

    private Behavior<MasterCommand> onEraseUnsubmitted(EraseUnsubmitted unsubmitted) {
        for (String jobId : unsubmitted.jobIds()) {
            if (board.get(jobId).isEmpty() && !admitting.containsKey(jobId)) {
                getContext().getLog().atWarn().addKeyValue("jobId", jobId).log("Job {} has inputs but no definition"
                        + " in the job store {} min after the job manager started: erased", jobId,
                        SUBMISSION_GRACE.toMinutes());
                erase(jobId);
            }
        }
        return this;
    }

    private Behavior<MasterCommand> onErased(Erased erased) {
        if (erased.failure() != null) {
            reporter.notErased(erased.jobId(), erased.failure());
        }
        return this;
    }

    // --- admission ----------------------------------------------------------------------------

    private Behavior<MasterCommand> onAdmit(Admit admit) {
        if (board.get(admit.id()).isPresent()) {
            admit.replyTo().tell(new Accepted(admit.id()));
            return this;
        }
        // A retry of a submission that made a job: that job is the answer, even while the cluster is busy.
        Optional<String> kept = keys.jobOf(admit.idempotencyKey());
        if (kept.isPresent()) {
            refuse(admit.id(), new Accepted(kept.get(), true), admit.replyTo());
            return this;
        }
        Optional<SubmitReply> refused = admission.refusal(board.unfinishedCount() + admitting.size(),
                recorder.storeProblem());
        if (refused.isPresent()) {
            if (refused.get() instanceof JobManagerProtocol.Busy busy) {
                reporter.refused(busy.unfinished() + " jobs are queued or running, at most " + busy.limit()
                        + " at once");
            }
            refuse(admit.id(), refused.get(), admit.replyTo());
            return this;
        }
        if (admit.definition().length > 0) {
            JobEvent.JobSubmitted submitted;
            try {
                submitted = JobEventCodec.decodeSubmitted(admit.definition());
            } catch (RuntimeException e) {
                refuse(admit.id(), new NotAccepted("job " + admit.id() + " came with a definition that cannot be"
                        + " read: " + e.getMessage()), admit.replyTo());
                return this;
            }
            // Its journal starts now, to record results after the definition (event 1), without reading it back.
            journals.continuing(admit.id());
            admitted(Job.replay(List.of(submitted)), admit.replyTo());
            return this;
        }
        // The job's journal reads the definition the API stored: the same path as after a takeover.
        admitting.put(admit.id(), admit.replyTo());
        journals.of(admit.id());
        return this;
    }

    private Behavior<MasterCommand> onJournalReplayed(Journals.Replayed message) {
        JobJournal.Replayed replayed = message.replayed();
        ActorRef<SubmitReply> admitter = admitting.remove(replayed.jobId());
        if (admitter == null) {
            // A journal started again after a failure: the job is known already.
            return this;
        }
        if (replayed.events().isEmpty()) {
            refuse(replayed.jobId(), new NotAccepted("job " + replayed.jobId() + " is not in the job store"),
                    admitter);
            return this;
        }
        admitted(Job.replay(replayed.events()), admitter);
        return this;
    }

    /** A new job, its definition stored: on the board, unless the lists of inputs held are too many. */
    private void admitted(Job job, ActorRef<SubmitReply> admitter) {
        String id = job.id();
        // Two submissions with one key were read back at once: the first admitted is the job.
        Optional<String> kept = keys.jobOf(job.idempotencyKey());
        if (kept.isPresent()) {
            refuse(id, new Accepted(kept.get(), true), admitter);
            return;
        }
        long held = board.unfinishedListInputs();
        Optional<SubmitReply> refused = admission.refusal(job.spec(), held);
        if (refused.isPresent()) {
            reporter.refused("the lists of the unfinished jobs hold " + held + " inputs, with its "
                    + job.spec().inputs().total() + " at most " + settings.maxRunningListInputs());
            refuse(id, refused.get(), admitter);
            return;
        }
        board.add(job);
        keys.add(job.idempotencyKey(), id);
        results.define(id, job.spec());
        reporter.submitted(job, pool.size());
        admitter.tell(new Accepted(id));
        dispatch();
    }

    /**
     * Refuses a job whose definition its submitter stored: the job manager is the one that erases
     * a refused job, so that nothing of it is left to be recovered as a job later.
     */
    private void refuse(String jobId, SubmitReply why, ActorRef<SubmitReply> admitter) {
        erase(jobId);
        admitter.tell(why);
    }

    // --- questions about jobs -----------------------------------------------------------------

    private Behavior<MasterCommand> onFindByKey(JobManagerProtocol.FindByKey request) {
        request.replyTo().tell(new JobManagerProtocol.KeptJob(keys.jobOf(request.idempotencyKey())));
        return this;
    }

    private Behavior<MasterCommand> onGetStatus(GetStatus request) {
        request.replyTo().tell(new StatusReply(board.get(request.id()).map(job -> statusOf(job, Instant.now()))));
        return this;
    }

    private Behavior<MasterCommand> onAwaitEnd(AwaitEnd request) {
        Optional<Job> job = board.get(request.id());
        if (job.isEmpty() || job.get().state().isEnded() || request.maxWait().isZero()) {
            request.replyTo().tell(new StatusReply(job.map(found -> statusOf(found, Instant.now()))));
            return this;
        }
        Optional<JobWaiters.EndWaiter> waiter = waiters.awaitEnd(request.id(), request.replyTo());
        if (waiter.isEmpty()) {
            request.replyTo().tell(new StatusReply(Optional.of(statusOf(job.get(), Instant.now())), waiters.limit()));
            return this;
        }
        timers.startSingleTimer(waiter.get().id(), new WaitExpired(waiter.get().id()), request.maxWait());
        return this;
    }

    private Behavior<MasterCommand> onWaitExpired(WaitExpired expired) {
        waiters.expired(expired.waiter()).ifPresent(waiter -> waiter.replyTo().tell(
                new StatusReply(board.get(waiter.jobId()).map(job -> statusOf(job, Instant.now())))));
        return this;
    }

    private Behavior<MasterCommand> onListJobs(ListJobs request) {
        Instant now = Instant.now();
        request.replyTo().tell(new JobList(board.newestFirst().stream().map(job -> statusOf(job, now)).toList()));
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
            parts.dropJob(job.id());
            readAhead.forget(job.id());
            readWarnings.remove(job.id());
            reporter.cancelled(job);
            recorder.dropWaiting(job.id());
            journals.record(job.id(), new JobEvent.JobCancelled(now));
            board.ended(job).forEach(dropped -> erase(dropped.id()));
            wakeWaiters(job);
            waiters.noMoreChunks(job.id()).forEach(stream -> stream.tell(new NoResults(statusOf(job, now))));
        } else {
            board.remove(job.id());
            erase(job.id());
            reporter.deleted(job.id());
        }
        request.replyTo().tell(new StatusReply(Optional.of(statusOf(job, now))));
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
            JobStatus status = statusOf(job, Instant.now());
            request.replyTo().tell(job.hasResults() ? new ResultsStored(status,
                    job.chunkCount() <= JobManagerProtocol.LISTED_EVENTS ? job.storedInAll() : new long[0])
                    : new NoResults(status));
        });
        return this;
    }

    private Behavior<MasterCommand> onGetStoredIn(GetStoredIn request) {
        knownJob(request.id(), request.replyTo()).ifPresent(job -> request.replyTo().tell(job.hasResults()
                && request.from() >= 0 && request.count() >= 0 && request.from() + request.count() <= job.chunkCount()
                ? new StoredIn(job.storedIn(request.from(), request.count()))
                : new NoResults(statusOf(job, Instant.now()))));
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
            request.replyTo().tell(new NoResults(statusOf(job, Instant.now())));
        } else if (!waiters.awaitChunk(job.id(), request.chunk(), request.replyTo())) {
            request.replyTo().tell(new TooManyWaiting(waiters.limit()));
        }
        return this;
    }

    private void chunkStored(Job job, int chunk) {
        List<ActorRef<ResultsReply>> streams = waiters.chunkDone(job.id(), chunk);
        if (!streams.isEmpty()) {
            ChunkStored stored = new ChunkStored(job.storedIn(chunk));
            streams.forEach(stream -> stream.tell(stored));
        }
    }

    private void jobEnded(Job job) {
        parts.dropJob(job.id());
        readAhead.forget(job.id());
        readWarnings.remove(job.id());
        reporter.ended(job);
        board.ended(job).forEach(dropped -> erase(dropped.id()));
        wakeWaiters(job);
    }

    /** Answers everyone waiting for this job: it has ended. */
    private void wakeWaiters(Job job) {
        List<JobWaiters.EndWaiter> woken = waiters.ended(job.id());
        if (woken.isEmpty()) {
            return;
        }
        StatusReply status = new StatusReply(Optional.of(statusOf(job, Instant.now())));
        for (JobWaiters.EndWaiter waiter : woken) {
            timers.cancel(waiter.id());
            waiter.replyTo().tell(status);
        }
    }

    private Behavior<MasterCommand> onGetWorkers(GetWorkers request) {
        List<WorkerNodeView> nodes = new ArrayList<>();
        pool.nodes().forEach((node, load) -> nodes.add(new WorkerNodeView(node, load.actors(), load.chunksInFlight(),
                reporter.throughput().done(node), reporter.throughput().tasksPerSecond(node), load.workerActors())));
        request.replyTo().tell(new WorkersView(nodes, pool.size(), pool.inFlight(),
                reporter.throughput().tasksPerSecond(), recorder.storeProblem()));
        return this;
    }

    private Behavior<MasterCommand> onGetFunctions(JobManagerProtocol.GetFunctions request) {
        request.replyTo().tell(new JobManagerProtocol.Functions(functions.listing(pool.offersPerNode())));
        return this;
    }

    /** A job's status, saying why it waits when no live worker offers its function. */
    private JobStatus statusOf(Job job, Instant now) {
        String waitingFor = job.state().isEnded() ? null
                : FunctionRegistry.waitingFor(job.spec().call(), pool.anyLiveOffers(job.spec().call()));
        return job.status(now, waitingFor);
    }

    private Behavior<MasterCommand> onGetThroughput(GetThroughput request) {
        request.replyTo().tell(new Throughput((int) TICK.toSeconds(), reporter.throughput().history()));
        return this;
    }
}
