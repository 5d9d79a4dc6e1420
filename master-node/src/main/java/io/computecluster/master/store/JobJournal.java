package io.computecluster.master.store;

import io.computecluster.master.job.JobEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One job's journal in the job store (persistence id {@code job-<id>}), a write-ahead log and
 * nothing more: it persists the events it is given and, once recovered, hands every event it
 * replayed to whoever started it. The job's state lives with the job manager, which rebuilds it
 * from those events after a takeover or a restart.
 *
 * <p>No snapshots: the events are the job's definition and each chunk's results, once each, and a
 * snapshot would only store the same results a second time. The journal shrinks when the job is
 * deleted or falls out of retention: then all its events go ({@link JobStore#erase}).
 */
public final class JobJournal extends EventSourcedBehavior<JobJournal.Command, JobEvent, JobJournal.Replay> {

    public sealed interface Command {
    }

    /** Persists {@code event}, then answers {@link Recorded}. */
    public record Record(JobEvent event, ActorRef<Recorded> replyTo) implements Command {
    }

    /** Stops the journal actor (its events stay in the store). */
    public enum Stop implements Command {
        INSTANCE
    }

    /** {@code event} is in the store, as event number {@code sequenceNr} of the job. */
    public record Recorded(String jobId, JobEvent event, long sequenceNr) {
    }

    /**
     * The events the store held for the job, in order: event {@code i} has sequence number
     * {@code i + 1}. Results come without their values ({@link JobEvent.ChunksCompleted#withoutValues}).
     */
    public record Replayed(String jobId, List<JobEvent> events) {
    }

    /** Events read during recovery, handed over once it completes and then dropped. */
    static final class Replay {
        private List<JobEvent> events = new ArrayList<>();
    }

    private final String jobId;
    private final ActorContext<Command> context;
    private final ActorRef<Replayed> replayTo;

    /**
     * @param replayTo told the replayed events once recovery completes; null for a journal that
     *                 only writes the first event of a new job
     */
    public static Behavior<Command> create(String jobId, ActorRef<Replayed> replayTo) {
        return Behaviors.setup(context -> new JobJournal(jobId, context, replayTo));
    }

    private JobJournal(String jobId, ActorContext<Command> context, ActorRef<Replayed> replayTo) {
        super(PersistenceId.ofUniqueId(JobStore.persistenceId(jobId)));
        this.jobId = jobId;
        this.context = context;
        this.replayTo = replayTo;
    }

    @Override
    public Replay emptyState() {
        return new Replay();
    }

    @Override
    public CommandHandler<Command, JobEvent, Replay> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Record.class, (state, record) -> Effect().persist(record.event()).thenRun(after ->
                        record.replyTo().tell(new Recorded(jobId, record.event(), lastSequenceNumber(context)))))
                .onCommand(Stop.class, (state, stop) -> Effect().stop())
                .build();
    }

    @Override
    public EventHandler<Replay, JobEvent> eventHandler() {
        // Only events replayed at recovery are kept (the list is null afterwards): the job
        // manager has the events it asked to persist.
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
            if (state.events != null) {
                state.events.add(event instanceof JobEvent.ChunksCompleted completed ? completed.withoutValues() : event);
            }
            return state;
        });
    }

    @Override
    public SignalHandler<Replay> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    List<JobEvent> events = state.events;
                    state.events = null;
                    if (replayTo != null) {
                        replayTo.tell(new Replayed(jobId, events));
                    }
                })
                .build();
    }
}
