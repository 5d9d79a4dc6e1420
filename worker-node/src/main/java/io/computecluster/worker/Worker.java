package io.computecluster.worker;

import io.computecluster.common.column.Column;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.ChunkDone;
import io.computecluster.common.protocol.WorkerProtocol.ChunkPart;
import io.computecluster.common.protocol.WorkerProtocol.ChunkProgress;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.Goodbye;
import io.computecluster.common.protocol.WorkerProtocol.Hello;
import io.computecluster.common.protocol.WorkerProtocol.RequestWork;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol.WorkerCommand;
import io.computecluster.common.protocol.WorkerProtocol;
import io.computecluster.worker.plugin.PluginFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A worker actor: pulls chunks from the master and applies the chunk's function to every input,
 * one chunk at a time, in the order they arrive.
 *
 * <p>Built-in functions ({@code square}) run inline, on this actor's thread. A built-in function
 * that throws makes this actor fail; its supervisor restarts it (a fresh instance, the mailbox
 * kept) and the restarted worker retries that input, up to {@code max-task-attempts}.
 *
 * <p>Plug-in functions run on the actor's {@link TaskRunner} thread, a whole chunk at a time, so
 * that the actor stays free to answer while user code runs; the runner tells the actor when the
 * chunk is finished. A failed attempt is retried there at once, up to {@code max-task-attempts}.
 * While a plug-in chunk runs, a watchdog tick every {@value #WATCHDOG_MILLIS} ms checks its input
 * against the task timeout ({@link PluginChunk#check}); an input that is abandoned with its
 * thread goes on, with the rest of the chunk, on a fresh runner. Every {@code progress-interval}
 * the actor also tells the master that the chunk is still computing ({@link ChunkProgress}), so
 * that a chunk longer than the master's chunk timeout is not handed to another worker.
 * Results that do not fit one message go to the master in {@link ChunkPart}s as the chunk goes
 * on, the rest in its ChunkDone: the runner hands each part to this actor, which sends it, so
 * that the parts and the ChunkDone leave from one sender, in order.
 *
 * <p>Either way an input that still fails is reported in the chunk's errors and the rest of the
 * chunk goes on.
 */
public final class Worker extends AbstractBehavior<WorkerCommand> {

    /** The node is shutting down: tell the master, finish what is held, then answer. */
    public record Drain(ActorRef<Done> replyTo) implements WorkerCommand {
    }

    /** Sent to itself after a restart to go on with the chunk whose input failed. */
    private enum Resume implements WorkerCommand {
        INSTANCE
    }

    /** Sent to itself to take the next queued chunk. */
    private enum Next implements WorkerCommand {
        INSTANCE
    }

    /** The watchdog's timer. */
    private enum Watchdog implements WorkerCommand {
        INSTANCE
    }

    /** The progress timer: the plug-in chunk is still computing. */
    private enum Progress implements WorkerCommand {
        INSTANCE
    }

    /** A part of a plug-in chunk's results, to send to the master before the chunk's ChunkDone. */
    private record PluginChunkPart(PluginChunk chunk, int from, Column results, List<TaskError> errors)
            implements WorkerCommand {
    }

    /** The task runner finished a plug-in chunk. */
    private record PluginChunkFinished(PluginChunk chunk) implements WorkerCommand {
    }

    static final long WATCHDOG_MILLIS = 100;

    private final WorkerSettings settings;
    private final FunctionCatalog catalog;
    private final WorkerState state;
    private final TimerScheduler<WorkerCommand> timers;
    private final WorkerMetrics metrics;

    /** A worker of the built-in functions only. */
    public static Behavior<WorkerCommand> create(WorkerSettings settings) {
        return create(settings, FunctionCatalog.builtIn());
    }

    public static Behavior<WorkerCommand> create(WorkerSettings settings, FunctionCatalog catalog) {
        WorkerState state = new WorkerState(settings.window());
        return Behaviors.supervise(Behaviors.<WorkerCommand>setup(context -> Behaviors.<WorkerCommand>withTimers(
                        timers -> new Worker(context, timers, settings, catalog, state))))
                .onFailure(TaskFailure.class, SupervisorStrategy.restart().withLoggingEnabled(false));
    }

    private Worker(ActorContext<WorkerCommand> context, TimerScheduler<WorkerCommand> timers, WorkerSettings settings,
                   FunctionCatalog catalog, WorkerState state) {
        super(context);
        this.timers = timers;
        this.settings = settings;
        this.catalog = catalog;
        this.state = state;
        this.metrics = WorkerMetrics.get(context.getSystem());
        if (state.inProgress != null) {
            context.getSelf().tell(Resume.INSTANCE);
        }
        if (state.running != null) {
            // Timers do not survive a restart.
            startProgress();
            if (state.running.watched()) {
                startWatchdog();
            }
        }
    }

    @Override
    public Receive<WorkerCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(Assign.class, this::onAssign)
                .onMessage(Hello.class, this::onHello)
                .onMessageEquals(Resume.INSTANCE, this::onResume)
                .onMessageEquals(Next.INSTANCE, this::onNext)
                .onMessageEquals(Watchdog.INSTANCE, this::onWatchdog)
                .onMessageEquals(Progress.INSTANCE, this::onProgress)
                .onMessage(PluginChunkPart.class, this::onPluginChunkPart)
                .onMessage(PluginChunkFinished.class, this::onPluginChunkFinished)
                .onMessage(Drain.class, this::onDrain)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<WorkerCommand> onHello(Hello hello) {
        boolean newMaster = !hello.master().equals(state.master);
        state.master = hello.master();
        if (state.leaving) {
            hello.master().tell(new Goodbye(self()));
        } else {
            if (newMaster) {
                getContext().getLog().info("Serving master {}", hello.master().path());
            } else {
                // The master greets a worker again only after it dropped it from its pool (the worker
                // was unreachable for a moment), with no credit left: what was asked before is void.
                getContext().getLog().info("Master {} registered this worker again: asking for work again",
                        hello.master().path());
            }
            // Whatever was asked of an earlier master, or of this one before it dropped this worker, is void.
            state.pendingCredit = state.window;
            hello.master().tell(new RequestWork(self(), state.window, catalog.offers()));
        }
        return this;
    }

    private Behavior<WorkerCommand> onAssign(Assign assign) {
        if (state.pendingCredit > 0) {
            state.pendingCredit--;
        }
        if (state.busy() || !state.queued.isEmpty()) {
            // Another chunk is being computed (or retried): this one's turn comes after it.
            state.queued.add(assign);
            return this;
        }
        return start(assign);
    }

    private Behavior<WorkerCommand> onNext() {
        Assign next = state.busy() ? null : state.queued.poll();
        return next == null ? this : start(next);
    }

    private Behavior<WorkerCommand> start(Assign assign) {
        FunctionCall call = assign.task().function();
        Optional<TaskFunction> builtIn = catalog.builtIn(call.name(), call.version());
        if (builtIn.isPresent() && assign.task().inputs() instanceof Numbers) {
            state.inProgress = new WorkerState.InProgress(assign);
            return compute(builtIn.get());
        }
        Optional<PluginFunction> plugin = catalog.plugin(call.name(), call.version());
        if (plugin.isPresent()) {
            return startPlugin(assign, plugin.get());
        }
        String reason;
        if (builtIn.isPresent()) {
            reason = "function " + call.key() + " takes integers, not " + assign.task().inputs().getClass().getSimpleName();
        } else if (catalog.offers(call.name())) {
            reason = "function " + call.key() + " is not offered by this worker";
        } else {
            reason = "unknown function '" + call.name() + "' on this worker";
        }
        List<TaskError> errors = new ArrayList<>();
        for (int i = 0; i < assign.task().inputs().size(); i++) {
            errors.add(new TaskError(i, reason));
        }
        return finish(assign, new io.computecluster.common.numbers.NumbersBuilder(assign.task().inputs().size())
                .build(), errors, 0);
    }

    // ---- Built-in functions: inline, retried through the supervisor's restarts. ----

    private Behavior<WorkerCommand> onResume() {
        if (state.inProgress == null) {
            return this;
        }
        FunctionCall call = state.inProgress.assign.task().function();
        return compute(catalog.builtIn(call.name(), call.version()).orElseThrow());
    }

    private Behavior<WorkerCommand> compute(TaskFunction function) {
        WorkerState.InProgress chunk = state.inProgress;
        Numbers inputs = (Numbers) chunk.assign.task().inputs();
        long start = System.nanoTime();
        try {
            apply(chunk, function, inputs, inputs.size());
        } finally {
            chunk.computeNanos += System.nanoTime() - start;
        }
        state.inProgress = null;
        return finish(chunk.assign, chunk.results.build(), List.copyOf(chunk.errors), chunk.computeNanos);
    }

    /** Applies the function from the chunk's next input on; throws to retry a failed input. */
    private void apply(WorkerState.InProgress chunk, TaskFunction function, Numbers inputs, int size) {
        for (int i = chunk.nextIndex; i < size; i++) {
            try {
                function.apply(inputs, i, chunk.results);
            } catch (RuntimeException | StackOverflowError e) {
                chunk.nextIndex = i;
                onTaskFailure(chunk, inputs, i, e);
            }
        }
    }

    /** Throws to be restarted while attempts remain; afterwards records the failure and returns. */
    private void onTaskFailure(WorkerState.InProgress chunk, Numbers inputs, int index, Throwable e) {
        ChunkTask task = chunk.assign.task();
        chunk.attempts++;
        String reason = PluginChunk.describe(e);
        logFailure(task, chunk.attempts, inputs.bigAt(index).toString(), reason);
        if (chunk.attempts < settings.maxTaskAttempts()) {
            throw new TaskFailure("input " + inputs.bigAt(index) + " failed", e);
        }
        chunk.errors.add(new TaskError(index, reason));
        chunk.attempts = 0;
        chunk.nextIndex = index + 1;
    }

    private void logFailure(ChunkTask task, int attempt, String input, String reason) {
        // jobId and chunkId also as fields of their own, for COMPUTE_LOG_FORMAT=json.
        getContext().getLog().atWarn().addKeyValue("jobId", task.jobId()).addKeyValue("chunkId", task.chunkId())
                .log("Task failed (attempt {} of {}): job {} chunk {} input {}: {}",
                        attempt, settings.maxTaskAttempts(), task.jobId(), task.chunkId(), input, reason);
    }

    // ---- Plug-in functions: on the task runner, watched for timeouts. ----

    private Behavior<WorkerCommand> startPlugin(Assign assign, PluginFunction function) {
        long jobTimeout = assign.task().function().timeoutMillis();
        Duration timeout = jobTimeout > 0 ? Duration.ofMillis(jobTimeout) : settings.taskTimeout();
        ActorRef<WorkerCommand> self = getContext().getSelf();
        PluginChunk chunk = new PluginChunk(assign, function, timeout, settings.maxTaskAttempts(),
                settings.maxResultBytes(), state.prepared, finished -> self.tell(new PluginChunkFinished(finished)),
                (running, from, results, errors) -> self.tell(new PluginChunkPart(running, from, results, errors)));
        if (!chunk.inputsMatch()) {
            String reason = "function " + function.key() + " takes " + function.input().wireName() + " inputs, not "
                    + assign.task().inputs().getClass().getSimpleName();
            List<TaskError> errors = new ArrayList<>();
            for (int i = 0; i < assign.task().inputs().size(); i++) {
                errors.add(new TaskError(i, reason));
            }
            return finish(assign, chunk.results(), errors, 0);
        }
        state.running = chunk;
        runner().run(chunk);
        startProgress();
        if (chunk.watched()) {
            startWatchdog();
        }
        return this;
    }

    private TaskRunner runner() {
        if (state.runner == null) {
            state.runners++;
            state.runner = new TaskRunner("compute-task-runner-" + getContext().getSelf().path().name() + "-"
                    + state.runners);
        }
        return state.runner;
    }

    private void startWatchdog() {
        timers.startTimerAtFixedRate(Watchdog.INSTANCE, Duration.ofMillis(WATCHDOG_MILLIS));
    }

    private void startProgress() {
        timers.startTimerAtFixedRate(Progress.INSTANCE, settings.progressInterval());
    }

    private Behavior<WorkerCommand> onProgress() {
        PluginChunk chunk = state.running;
        if (chunk == null) {
            timers.cancel(Progress.INSTANCE);
            return this;
        }
        ChunkTask task = chunk.assign.task();
        chunk.assign.replyTo().tell(new ChunkProgress(self(), task.jobId(), task.chunkId()));
        return this;
    }

    private Behavior<WorkerCommand> onWatchdog() {
        PluginChunk chunk = state.running;
        if (chunk == null) {
            timers.cancel(Watchdog.INSTANCE);
            return this;
        }
        int input = chunk.current();
        switch (chunk.check(System.nanoTime())) {
            case INTERRUPTED -> getContext().getLog().warn("Task past its timeout, interrupted: job {} chunk {} input {}"
                    + " of {}", chunk.assign.task().jobId(), chunk.assign.task().chunkId(), chunk.describeInput(input),
                    chunk.function.key());
            case ABANDONED -> {
                TaskRunner abandoned = state.runner;
                getContext().getLog().warn("Task did not return within a second of its interrupt: abandoning thread {}"
                        + " (job {} chunk {} input {} of {}); a fresh runner goes on with the chunk",
                        abandoned.thread().getName(), chunk.assign.task().jobId(), chunk.assign.task().chunkId(),
                        chunk.describeInput(input), chunk.function.key());
                abandoned.stop();
                state.runner = null;
                runner().run(chunk);
            }
            default -> {
            }
        }
        return this;
    }

    private Behavior<WorkerCommand> onPluginChunkPart(PluginChunkPart part) {
        PluginChunk chunk = part.chunk();
        if (chunk == state.running) {
            ChunkTask task = chunk.assign.task();
            chunk.assign.replyTo().tell(new ChunkPart(self(), task.jobId(), task.chunkId(), part.from(),
                    part.results(), part.errors()));
        }
        return this;
    }

    private Behavior<WorkerCommand> onPluginChunkFinished(PluginChunkFinished message) {
        PluginChunk chunk = message.chunk();
        if (chunk != state.running) {
            return this;
        }
        timers.cancel(Watchdog.INSTANCE);
        timers.cancel(Progress.INSTANCE);
        state.running = null;
        ChunkTask task = chunk.assign.task();
        for (PluginChunk.AttemptFailure failure : chunk.failures()) {
            logFailure(task, failure.attempt(), chunk.describeInput(failure.index()), failure.reason());
        }
        int unlogged = chunk.failureCount() - chunk.failures().size();
        if (unlogged > 0) {
            getContext().getLog().warn("... and {} more failed attempts in job {} chunk {}", unlogged, task.jobId(),
                    task.chunkId());
        }
        return finish(chunk.assign, chunk.results(), chunk.errors(), chunk.failedInputs(), chunk.computeNanos());
    }

    // ---- Both. ----

    /** Answers a chunk, asking for as many more as refill the window, and goes on with the next. */
    private Behavior<WorkerCommand> finish(Assign assign, Column results, List<TaskError> errors, long computeNanos) {
        return finish(assign, results, errors, errors.size(), computeNanos);
    }

    /** @param failed the chunk's failed inputs: more than {@code errors} when earlier parts carried some */
    private Behavior<WorkerCommand> finish(Assign assign, Column results, List<TaskError> errors, int failed,
                                           long computeNanos) {
        int inputs = assign.task().inputs().size();
        metrics.chunkDone(assign.task().function().name(), inputs - failed, failed, computeNanos);
        // Small chunks need more of them at hand to keep this worker busy across round trips; slow
        // ones do not, and a worker that hoarded them would keep them from idle workers.
        state.window = settings.windowFor(assign.task().inputs().size(), computeNanos);
        // A leaving worker asks for none; one whose window shrank gives back what it holds beyond it.
        int credit = state.leaving ? 0 : state.window - state.pendingCredit;
        state.pendingCredit += credit;
        ChunkTask task = assign.task();
        assign.replyTo().tell(new ChunkDone(self(), task.jobId(), task.chunkId(), results, errors, credit,
                computeNanos));
        if (!state.queued.isEmpty()) {
            getContext().getSelf().tell(Next.INSTANCE);
        } else {
            answerDrains();
        }
        return this;
    }

    private Behavior<WorkerCommand> onDrain(Drain drain) {
        state.leaving = true;
        if (state.master != null) {
            state.master.tell(new Goodbye(self()));
        }
        state.drained.add(drain.replyTo());
        answerDrains();
        return this;
    }

    /** Once nothing is held any more, the drain requests hear that every chunk was answered. */
    private void answerDrains() {
        if (!state.busy() && state.queued.isEmpty()) {
            state.drained.forEach(replyTo -> replyTo.tell(Done.getInstance()));
            state.drained.clear();
        }
    }

    private Behavior<WorkerCommand> onPostStop() {
        if (state.runner != null) {
            state.runner.stop();
            state.runner = null;
        }
        return this;
    }

    private ActorRef<WorkerProtocol.ToWorker> self() {
        return getContext().getSelf().narrow();
    }
}
