package io.computecluster.master.store;

import io.computecluster.master.job.JobEvent;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One job's journal in the job store, a write-ahead log and nothing more: it appends the events it
 * is given, one at a time and in order, numbering them, and can first read the events already
 * stored and hand them to whoever started it. The job's state lives with the job manager, which
 * rebuilds it from those events after a takeover or a restart.
 *
 * <p>The journal writes events 2 and on of its job (the master that took the job wrote event 1),
 * numbering them on from what it was told or replayed. A write whose number is taken, by another
 * job manager during a takeover, fails: {@link JobStore} says why that is the fence. A journal
 * that cannot read or write its job stops, after one line saying why; its parent watches it. The journal shrinks when the job is deleted or falls out of retention: then all its
 * events go ({@link JobStore#erase}).
 */
public final class JobJournal extends AbstractBehavior<JobJournal.Command> {

    public sealed interface Command {
    }

    /** Appends {@code event}, then answers {@link Recorded}. */
    public record Record(JobEvent event, ActorRef<Recorded> replyTo) implements Command {
    }

    /** Stops the journal once the events given before are written (they stay in the store). */
    public enum Stop implements Command {
        INSTANCE
    }

    private record ReplayRead(List<JobEvent> events, Throwable failure) implements Command {
    }

    private record Appended(Record record, long sequenceNr, Throwable failure) implements Command {
    }

    /** {@code event} is in the store, as event number {@code sequenceNr} of the job. */
    public record Recorded(String jobId, JobEvent event, long sequenceNr) {
    }

    /**
     * The events the store held for the job, in order: event {@code i} has sequence number
     * {@code i + 1} (see {@link JobStore#replay} for events left without a definition). Results come
     * without their values ({@link JobEvent.ChunksCompleted#withoutValues}).
     */
    public record Replayed(String jobId, List<JobEvent> events) {
    }

    private final String jobId;
    private final JobStore store;
    private final ArrayDeque<Record> waiting = new ArrayDeque<>();
    /** The number of the last event stored; -1 while the stored events are being read. */
    private long lastSequenceNr;
    private boolean writing;
    private boolean stopping;

    /** A journal that reads the job's stored events first and tells them to {@code replayTo}. */
    public static Behavior<Command> replaying(JobStore store, String jobId, ActorRef<Replayed> replayTo) {
        return Behaviors.setup(context -> {
            JobJournal journal = new JobJournal(context, store, jobId, -1);
            context.pipeToSelf(store.replay(jobId), ReplayRead::new);
            return journal.replayingTo(replayTo);
        });
    }

    /** The journal of a job whose events up to {@code lastSequenceNr} the caller has just written or read. */
    public static Behavior<Command> continuing(JobStore store, String jobId, long lastSequenceNr) {
        return Behaviors.setup(context -> new JobJournal(context, store, jobId, lastSequenceNr));
    }

    private JobJournal(ActorContext<Command> context, JobStore store, String jobId, long lastSequenceNr) {
        super(context);
        this.jobId = jobId;
        this.store = store;
        this.lastSequenceNr = lastSequenceNr;
    }

    private Behavior<Command> replayingTo(ActorRef<Replayed> replayTo) {
        return Behaviors.receive(Command.class)
                .onMessage(ReplayRead.class, read -> {
                    if (read.failure() != null) {
                        getContext().getLog().atWarn().addKeyValue("jobId", jobId).log("Job {} could not be read"
                                + " from the job store: {}", jobId, JobStore.oneLine(read.failure()));
                        return Behaviors.stopped();
                    }
                    lastSequenceNr = read.events().size();
                    replayTo.tell(new Replayed(jobId, read.events()));
                    return next();
                })
                .onMessage(Record.class, this::onRecord)
                .onMessageEquals(Stop.INSTANCE, () -> {
                    // As once replayed: the events given before are written first.
                    stopping = true;
                    return Behaviors.same();
                })
                .build();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Record.class, this::onRecord)
                .onMessage(Appended.class, this::onAppended)
                .onMessageEquals(Stop.INSTANCE, () -> {
                    stopping = true;
                    return next();
                })
                .build();
    }

    private Behavior<Command> onRecord(Record record) {
        if (stopping) {
            getContext().getLog().debug("Job {}: an event given after Stop is not written", jobId);
            return Behaviors.same();
        }
        waiting.add(record);
        return lastSequenceNr < 0 ? Behaviors.same() : next();
    }

    private Behavior<Command> onAppended(Appended appended) {
        writing = false;
        if (appended.failure() != null) {
            getContext().getLog().atWarn().addKeyValue("jobId", jobId).log("Job {}: event {} could not be written"
                    + " to the job store: {}", jobId, appended.sequenceNr(), JobStore.oneLine(appended.failure()));
            return Behaviors.stopped();
        }
        lastSequenceNr = appended.sequenceNr();
        Record record = appended.record();
        record.replyTo().tell(new Recorded(jobId, record.event(), appended.sequenceNr()));
        return next();
    }

    /** Writes the next waiting event, if none is being written; stops when asked and nothing waits. */
    private Behavior<Command> next() {
        if (writing) {
            return this;
        }
        Record record = waiting.poll();
        if (record == null) {
            return stopping ? Behaviors.stopped() : this;
        }
        writing = true;
        long sequenceNr = lastSequenceNr + 1;
        getContext().pipeToSelf(store.append(jobId, sequenceNr, record.event()),
                (done, failure) -> new Appended(record, sequenceNr, failure));
        return this;
    }
}
