package io.computecluster.worker;

import io.computecluster.common.column.PayloadType;
import io.computecluster.common.function.Square;
import io.computecluster.common.function.TaskFunction;
import io.computecluster.common.function.TaskFunctions;
import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.protocol.WorkerProtocol.Assign;
import io.computecluster.common.protocol.WorkerProtocol.ChunkDone;
import io.computecluster.common.protocol.WorkerProtocol.ChunkTask;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.FunctionOffer;
import io.computecluster.common.protocol.WorkerProtocol.Goodbye;
import io.computecluster.common.protocol.WorkerProtocol.Hello;
import io.computecluster.common.protocol.WorkerProtocol.RequestWork;
import io.computecluster.common.protocol.WorkerProtocol.TaskError;
import io.computecluster.common.protocol.WorkerProtocol.WorkerCommand;
import io.computecluster.common.protocol.WorkerProtocol;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A worker actor: pulls chunks from the master and applies the task function to every input.
 *
 * <p>A function that throws makes this actor fail; its supervisor restarts it (a fresh instance,
 * the mailbox kept) and the restarted worker retries that input, up to
 * {@code max-task-attempts}. An input that still fails is reported in the chunk's errors and the
 * rest of the chunk goes on.
 */
public final class Worker extends AbstractBehavior<WorkerCommand> {

    /** The node is shutting down: tell the master, finish what is queued, then answer. */
    public record Drain(ActorRef<Done> replyTo) implements WorkerCommand {
    }

    /** Sent to itself after a restart to go on with the chunk whose input failed. */
    private enum Resume implements WorkerCommand {
        INSTANCE
    }

    private final WorkerSettings settings;
    private final WorkerState state;

    public static Behavior<WorkerCommand> create(WorkerSettings settings) {
        WorkerState state = new WorkerState(settings.window());
        return Behaviors.supervise(Behaviors.<WorkerCommand>setup(context -> new Worker(context, settings, state)))
                .onFailure(TaskFailure.class, SupervisorStrategy.restart().withLoggingEnabled(false));
    }

    private Worker(ActorContext<WorkerCommand> context, WorkerSettings settings, WorkerState state) {
        super(context);
        this.settings = settings;
        this.state = state;
        if (state.inProgress != null) {
            context.getSelf().tell(Resume.INSTANCE);
        }
    }

    @Override
    public Receive<WorkerCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(Assign.class, this::onAssign)
                .onMessage(Hello.class, this::onHello)
                .onMessageEquals(Resume.INSTANCE, this::onResume)
                .onMessage(Drain.class, this::onDrain)
                .build();
    }

    private Behavior<WorkerCommand> onHello(Hello hello) {
        boolean newMaster = !hello.master().equals(state.master);
        state.master = hello.master();
        if (state.leaving) {
            hello.master().tell(new Goodbye(self()));
        } else if (newMaster) {
            getContext().getLog().info("Serving master {}", hello.master().path());
            // Whatever was asked of an earlier master is void.
            state.pendingCredit = state.window;
            hello.master().tell(new RequestWork(self(), state.window, List.of(new FunctionOffer(Square.NAME,
                    FunctionCall.BUILT_IN, PayloadType.INTEGER, PayloadType.INTEGER))));
        }
        return this;
    }

    private Behavior<WorkerCommand> onAssign(Assign assign) {
        if (state.inProgress != null) {
            // A failing chunk is being retried: keep order, take this one after it.
            getContext().getSelf().tell(assign);
            return this;
        }
        if (state.pendingCredit > 0) {
            state.pendingCredit--;
        }
        // Small chunks need more of them at hand to keep this worker busy across round trips.
        state.window = settings.windowFor(assign.task().inputs().size());
        state.inProgress = new WorkerState.InProgress(assign);
        return compute();
    }

    private Behavior<WorkerCommand> onResume() {
        return state.inProgress == null ? this : compute();
    }

    private Behavior<WorkerCommand> compute() {
        WorkerState.InProgress chunk = state.inProgress;
        ChunkTask task = chunk.assign.task();
        TaskFunction function = TaskFunctions.get().find(task.function().name()).orElse(null);
        Numbers inputs = (Numbers) task.inputs();
        int size = inputs.size();
        long start = System.nanoTime();
        try {
            apply(chunk, function, inputs, size);
        } finally {
            chunk.computeNanos += System.nanoTime() - start;
        }
        state.inProgress = null;
        // Ask for enough chunks to refill the window; a leaving worker asks for none.
        int credit = state.leaving ? 0 : Math.max(0, state.window - state.pendingCredit);
        state.pendingCredit += credit;
        chunk.assign.replyTo().tell(new ChunkDone(self(), task.jobId(), task.chunkId(), chunk.results.build(),
                List.copyOf(chunk.errors), credit, chunk.computeNanos));
        return this;
    }

    /** Applies the function from the chunk's next input on; throws to retry a failed input. */
    private void apply(WorkerState.InProgress chunk, TaskFunction function, Numbers inputs, int size) {
        ChunkTask task = chunk.assign.task();
        if (function == null) {
            for (int i = chunk.nextIndex; i < size; i++) {
                chunk.errors.add(new TaskError(i, "unknown function '" + task.function().name() + "' on this worker"));
            }
        } else {
            for (int i = chunk.nextIndex; i < size; i++) {
                try {
                    function.apply(inputs, i, chunk.results);
                } catch (RuntimeException | StackOverflowError e) {
                    chunk.nextIndex = i;
                    onTaskFailure(chunk, inputs, i, e);
                }
            }
        }
    }

    /** Throws to be restarted while attempts remain; afterwards records the failure and returns. */
    private void onTaskFailure(WorkerState.InProgress chunk, Numbers inputs, int index, Throwable e) {
        ChunkTask task = chunk.assign.task();
        chunk.attempts++;
        String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        // jobId and chunkId also as fields of their own, for LOG_FORMAT=json.
        getContext().getLog().atWarn().addKeyValue("jobId", task.jobId()).addKeyValue("chunkId", task.chunkId())
                .log("Task failed (attempt {} of {}): job {} chunk {} input {}: {}",
                chunk.attempts, settings.maxTaskAttempts(), task.jobId(), task.chunkId(), inputs.bigAt(index), reason);
        if (chunk.attempts < settings.maxTaskAttempts()) {
            throw new TaskFailure("input " + inputs.bigAt(index) + " failed", e);
        }
        chunk.errors.add(new TaskError(index, reason));
        chunk.attempts = 0;
        chunk.nextIndex = index + 1;
    }

    private Behavior<WorkerCommand> onDrain(Drain drain) {
        state.leaving = true;
        if (state.master != null) {
            state.master.tell(new Goodbye(self()));
        }
        // Chunks queued before this message are done by now; they were answered one by one.
        drain.replyTo().tell(Done.getInstance());
        return this;
    }

    private ActorRef<WorkerProtocol.ToWorker> self() {
        return getContext().getSelf().narrow();
    }
}
