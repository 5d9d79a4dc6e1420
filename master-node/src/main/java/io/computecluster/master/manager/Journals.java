package io.computecluster.master.manager;

import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.store.JobJournal;
import io.computecluster.master.store.JobStore;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The journal actors of the jobs, children of the job manager: one per job that writes or reads
 * its events now. A journal started for a job whose events are stored reads them first and
 * answers {@link Replayed}; every write answers {@link Recorded}; a journal that stops (asked
 * to, or because the store failed) is reported as {@link Stopped}.
 */
final class Journals {

    /** A job's journal answered a write. */
    record Recorded(JobJournal.Recorded recorded) implements MasterCommand {
    }

    /** A job's journal read the job's events back. */
    record Replayed(JobJournal.Replayed replayed) implements MasterCommand {
    }

    /** A job's journal stopped: asked to, or because the store failed. */
    record Stopped(String jobId) implements MasterCommand {
    }

    private final ActorContext<MasterCommand> context;
    private final JobStore store;
    private final Map<String, ActorRef<JobJournal.Command>> running = new HashMap<>();
    private final ActorRef<JobJournal.Recorded> recordedTo;
    private final ActorRef<JobJournal.Replayed> replayedTo;
    /** Journals started so far: a new one's name is unique even while an old one stops. */
    private long started;

    Journals(ActorContext<MasterCommand> context, JobStore store) {
        this.context = context;
        this.store = store;
        this.recordedTo = context.messageAdapter(JobJournal.Recorded.class, Recorded::new);
        this.replayedTo = context.messageAdapter(JobJournal.Replayed.class, Replayed::new);
    }

    /** The job's journal; one is started when it has none, and reads the job's events first. */
    ActorRef<JobJournal.Command> of(String jobId) {
        ActorRef<JobJournal.Command> journal = running.get(jobId);
        return journal != null ? journal : start(jobId, JobJournal.replaying(store, jobId, replayedTo));
    }

    /** Starts the journal of a job whose definition (event 1) was just written by its submitter. */
    void continuing(String jobId) {
        if (!running.containsKey(jobId)) {
            start(jobId, JobJournal.continuing(store, jobId, 1));
        }
    }

    private ActorRef<JobJournal.Command> start(String jobId,
                                               org.apache.pekko.actor.typed.Behavior<JobJournal.Command> behavior) {
        ActorRef<JobJournal.Command> journal = context.spawn(behavior, "journal-" + jobId + "-" + ++started);
        context.watchWith(journal, new Stopped(jobId));
        running.put(jobId, journal);
        return journal;
    }

    /** Appends an event to the job's journal; {@link Recorded} answers. */
    void record(String jobId, JobEvent event) {
        of(jobId).tell(new JobJournal.Record(event, recordedTo));
    }

    /** Stops the job's journal once what it was given is written, and forgets it: no {@link Stopped} follows. */
    void stop(String jobId) {
        ActorRef<JobJournal.Command> journal = running.remove(jobId);
        if (journal != null) {
            context.unwatch(journal);
            journal.tell(JobJournal.Stop.INSTANCE);
        }
    }

    /** Forgets a journal that stopped by itself (see {@link Stopped}). */
    void stopped(String jobId) {
        running.remove(jobId);
    }
}
