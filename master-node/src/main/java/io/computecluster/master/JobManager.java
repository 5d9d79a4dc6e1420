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
import io.computecluster.master.dispatch.ChunkKey;
import io.computecluster.master.dispatch.WorkerPool;
import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobBoard;
import io.computecluster.master.job.JobResults;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.job.JobState;
import io.computecluster.master.job.JobStatus;
import io.computecluster.master.metrics.MasterMetrics;
import io.computecluster.master.metrics.ThroughputMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The master's job manager, run as a cluster singleton: accepts jobs, hands their chunks to the
 * worker actors that ask for work, keeps the first result of each chunk, and sends the chunks of
 * a lost, unreachable or silent worker to others. The decisions live in {@link JobBoard} and
 * {@link WorkerPool}; this actor wires messages to them.
 */
public final class JobManager extends AbstractBehavior<MasterCommand> {

    /** Requests of the HTTP API. */
    public sealed interface Command extends MasterCommand {
    }

    /** Accepts a job and answers its id, or refuses it while too many jobs are queued or running. */
    public record Submit(JobSpec spec, ActorRef<SubmitReply> replyTo) implements Command {
    }

    public sealed interface SubmitReply {
    }

    public record Accepted(String id) implements SubmitReply {
    }

    /** {@code compute.master.max-running-jobs} jobs are queued or running already. */
    public record Busy(int unfinished, int limit) implements SubmitReply {
    }

    public record GetStatus(String id, ActorRef<Optional<JobStatus>> replyTo) implements Command {
    }

    /** Answers the job's status once it has ended, or after {@code maxWait}, whichever comes first. */
    public record AwaitEnd(String id, Duration maxWait, ActorRef<Optional<JobStatus>> replyTo) implements Command {
    }

    /** Newest first. */
    public record ListJobs(ActorRef<List<JobStatus>> replyTo) implements Command {
    }

    /** Cancels a job that has not ended, or forgets an ended one; answers its last status. */
    public record Cancel(String id, ActorRef<Optional<JobStatus>> replyTo) implements Command {
    }

    public record GetResults(String id, ActorRef<ResultsReply> replyTo) implements Command {
    }

    public record GetWorkers(ActorRef<WorkersView> replyTo) implements Command {
    }

    /**
     * Answers {@link ChunkReady} once chunk {@code chunk} of the job has its results (at once if
     * it has), {@link NoResults} if the job is cancelled first, {@link UnknownJob} if there is none:
     * results are streamed while the job runs.
     */
    public record AwaitChunk(String id, int chunk, ActorRef<ResultsReply> replyTo) implements Command {
    }

    /** The answer to {@link GetResults}. */
    public sealed interface ResultsReply {
    }

    /** The job ended with results (SUCCEEDED or FAILED). */
    public record ResultsReady(JobStatus status, JobResults results) implements ResultsReply {
    }

    /** For {@link AwaitChunk}: the chunk is done; only chunks known to be done may be read from the view. */
    public record ChunkReady(JobResults resultsSoFar) implements ResultsReply {
    }

    /** The job runs, or was cancelled: no results to give. */
    public record NoResults(JobStatus status) implements ResultsReply {
    }

    public record UnknownJob(String id) implements ResultsReply {
    }

    /** The worker actors the master serves, per worker node ({@code host:port}). */
    public record WorkersView(List<WorkerNodeView> nodes, int workerActors, int chunksInFlight, long tasksPerSecond) {
    }

    /** One worker node as the master sees it; {@code tasksDone} counts since it joined. */
    public record WorkerNodeView(String node, int actors, int chunksInFlight, long tasksDone, long tasksPerSecond) {
    }

    /** Answers {@link Throughput}: the cluster's tasks per second, one sample per second. */
    public record GetThroughput(ActorRef<Throughput> replyTo) implements Command {
    }

    public record Throughput(int intervalSeconds, List<ThroughputMeter.Sample> samples) {
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
    private record Waiter(long id, String jobId, ActorRef<Optional<JobStatus>> replyTo) {
    }

    private static final Duration TICK = Duration.ofSeconds(1);
    /** Ten minutes of one-second samples for the status page's chart. */
    private static final int THROUGHPUT_HISTORY = 600;

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
    private long nextWaiter;
    private Instant lastProgressLog = Instant.now();

    public static Behavior<MasterCommand> create(MasterSettings settings) {
        // A bug in one message must not lose every job in memory: resume, keeping the state.
        return Behaviors.supervise(Behaviors.<MasterCommand>setup(context -> Behaviors.withTimers(timers ->
                        new JobManager(context, timers, settings))))
                .onFailure(SupervisorStrategy.resume());
    }

    private JobManager(ActorContext<MasterCommand> context, TimerScheduler<MasterCommand> timers,
                       MasterSettings settings) {
        super(context);
        this.settings = settings;
        this.timers = timers;
        this.board = new JobBoard(settings.retainedJobs(), settings.retainedInputs());
        this.self = context.getSelf().narrow();
        this.metrics = MasterMetrics.get(context.getSystem());
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

    @Override
    public Receive<MasterCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(ChunkDone.class, this::onChunkDone)
                .onMessage(RequestWork.class, this::onRequestWork)
                .onMessage(Goodbye.class, this::onGoodbye)
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(AwaitEnd.class, this::onAwaitEnd)
                .onMessage(WaitExpired.class, this::onWaitExpired)
                .onMessage(ListJobs.class, this::onListJobs)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(GetResults.class, this::onGetResults)
                .onMessage(GetWorkers.class, this::onGetWorkers)
                .onMessage(GetThroughput.class, this::onGetThroughput)
                .onMessage(AwaitChunk.class, this::onAwaitChunk)
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
        Optional<Job> maybeJob = board.get(done.jobId());
        if (maybeJob.isPresent()) {
            Job job = maybeJob.get();
            String node = pool.nodeNameOf(done.worker());
            Instant now = Instant.now();
            if (job.complete(done.chunkId(), done.results(), done.errors(), node, now)) {
                int failed = done.errors().size();
                throughput.recorded(node, done.results().size());
                metrics.chunkDone(node, done.results().size() - failed, failed,
                        sentAt == null ? null : Duration.between(sentAt, now));
                chunkDone(job, done.chunkId());
                if (job.state().isEnded()) {
                    jobEnded(job);
                }
            }
        }
        dispatch();
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
        dispatch();
    }

    // --- jobs ---------------------------------------------------------------------------------

    private Behavior<MasterCommand> onSubmit(Submit submit) {
        int unfinished = board.unfinishedCount();
        if (unfinished >= settings.maxRunningJobs()) {
            getContext().getLog().info("Job refused: {} jobs are queued or running, at most {} at once",
                    unfinished, settings.maxRunningJobs());
            submit.replyTo().tell(new Busy(unfinished, settings.maxRunningJobs()));
            return this;
        }
        String id = newJobId();
        Job job = new Job(id, submit.spec(), Instant.now());
        board.add(job);
        jobLog(Level.INFO, id).log("Job {} submitted: {} over {} ({} inputs, {} chunks of {}), {} worker actors",
                id, submit.spec().function(), submit.spec().inputs().describe(), submit.spec().inputs().total(),
                job.chunkCount(), submit.spec().chunkSize(), pool.size());
        metrics.jobSubmitted();
        submit.replyTo().tell(new Accepted(id));
        dispatch();
        return this;
    }

    private Behavior<MasterCommand> onGetStatus(GetStatus request) {
        request.replyTo().tell(board.get(request.id()).map(job -> job.status(Instant.now())));
        return this;
    }

    private Behavior<MasterCommand> onAwaitEnd(AwaitEnd request) {
        Optional<Job> job = board.get(request.id());
        if (job.isEmpty() || job.get().state().isEnded() || request.maxWait().isZero()) {
            request.replyTo().tell(job.map(found -> found.status(Instant.now())));
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
            waiter.replyTo().tell(board.get(waiter.jobId()).map(job -> job.status(Instant.now())));
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
                waiter.replyTo().tell(Optional.of(status));
            }
        }
    }

    private Behavior<MasterCommand> onListJobs(ListJobs request) {
        Instant now = Instant.now();
        request.replyTo().tell(board.newestFirst().stream().map(job -> job.status(now)).toList());
        return this;
    }

    private Behavior<MasterCommand> onCancel(Cancel request) {
        Optional<Job> maybeJob = board.get(request.id());
        if (maybeJob.isEmpty()) {
            request.replyTo().tell(Optional.empty());
            return this;
        }
        Job job = maybeJob.get();
        Instant now = Instant.now();
        if (job.cancel(now)) {
            jobLog(Level.INFO, job.id()).log("Job {} CANCELLED after {} of {} inputs", job.id(), job.completed(),
                    job.spec().inputs().total());
            board.ended(job);
            wakeWaiters(job);
            noMoreChunks(job);
        } else {
            board.remove(job.id());
            jobLog(Level.INFO, job.id()).log("Job {} deleted", job.id());
        }
        request.replyTo().tell(Optional.of(job.status(now)));
        return this;
    }

    private Behavior<MasterCommand> onGetResults(GetResults request) {
        Optional<Job> maybeJob = board.get(request.id());
        if (maybeJob.isEmpty()) {
            request.replyTo().tell(new UnknownJob(request.id()));
            return this;
        }
        Job job = maybeJob.get();
        JobStatus status = job.status(Instant.now());
        if (job.state() == JobState.SUCCEEDED || job.state() == JobState.FAILED) {
            request.replyTo().tell(new ResultsReady(status, job.results()));
        } else {
            request.replyTo().tell(new NoResults(status));
        }
        return this;
    }

    private Behavior<MasterCommand> onAwaitChunk(AwaitChunk request) {
        Optional<Job> maybeJob = board.get(request.id());
        if (maybeJob.isEmpty()) {
            request.replyTo().tell(new UnknownJob(request.id()));
            return this;
        }
        Job job = maybeJob.get();
        if (job.isDone(request.chunk())) {
            request.replyTo().tell(new ChunkReady(job.resultsSoFar()));
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
            ChunkReady ready = new ChunkReady(job.resultsSoFar());
            streams.forEach(stream -> stream.tell(ready));
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
        board.ended(job);
        wakeWaiters(job);
    }

    private Behavior<MasterCommand> onGetWorkers(GetWorkers request) {
        List<WorkerNodeView> nodes = new ArrayList<>();
        pool.nodes().forEach((node, load) -> nodes.add(new WorkerNodeView(node, load.actors(), load.chunksInFlight(),
                throughput.done(node), throughput.tasksPerSecond(node))));
        request.replyTo().tell(new WorkersView(nodes, pool.size(), pool.inFlight(), throughput.tasksPerSecond()));
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
            getContext().getLog().warn("Worker node unreachable: {} ({} chunks handed to other workers)",
                    unreachable.member().address(), held.size());
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
            getContext().getLog().warn("{} chunks unanswered for {} s: handed to other workers", overdue.size(),
                    settings.chunkTimeout().toSeconds());
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

    /** A log line about one job: the job id also goes in a field of its own (LOG_FORMAT=json). */
    private LoggingEventBuilder jobLog(Level level, String jobId) {
        return getContext().getLog().atLevel(level).addKeyValue("jobId", jobId);
    }

    private static String newJobId() {
        return String.format("j-%012x", ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
    }
}
