package io.computecluster.master;

import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobBoard;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.store.JobJournal;
import io.computecluster.master.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The job manager's first moments on a node that has just become the singleton: it reads every
 * job from the job store (each job's journal replays its events), rebuilds them, and becomes the
 * {@link JobManager}. Requests and worker messages wait in a stash meanwhile, so that a client
 * asking about a job during a takeover gets its answer a little later, not a 404.
 */
final class JobRecovery {
    /** Messages kept while recovering; workers send a few each, clients one per request. */
    private static final int STASH_CAPACITY = 100_000;
    private static final Duration RETRY = Duration.ofSeconds(2);
    /** Attempts to read one job before it is left out (a corrupt journal must not block the rest). */
    private static final int ATTEMPTS = 5;

    private record JobIdsListed(List<String> ids) implements MasterCommand {
    }

    private record ListingFailed(Throwable failure) implements MasterCommand {
    }

    private enum ListAgain implements MasterCommand {
        INSTANCE
    }

    private record ReadAgain(String jobId) implements MasterCommand {
    }

    private final ActorContext<MasterCommand> context;
    private final TimerScheduler<MasterCommand> timers;
    private final StashBuffer<MasterCommand> stash;
    private final MasterSettings settings;
    private final JobStore store;
    private final ActorRef<JobJournal.Replayed> replayTo;
    private final Map<String, ActorRef<JobJournal.Command>> journals = new HashMap<>();
    private final Set<String> waitingFor = new HashSet<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final List<Job> recovered = new ArrayList<>();
    private final Instant started = Instant.now();
    private long journalNames;

    static Behavior<MasterCommand> create(MasterSettings settings, JobStore store) {
        // A bug in one message must not lose every job in memory: resume, keeping the state.
        return Behaviors.supervise(Behaviors.<MasterCommand>withStash(STASH_CAPACITY, stash ->
                        Behaviors.setup(context -> Behaviors.withTimers(timers ->
                                new JobRecovery(context, timers, stash, settings, store).listJobs()))))
                .onFailure(SupervisorStrategy.resume());
    }

    private JobRecovery(ActorContext<MasterCommand> context, TimerScheduler<MasterCommand> timers,
                        StashBuffer<MasterCommand> stash, MasterSettings settings, JobStore store) {
        this.context = context;
        this.timers = timers;
        this.stash = stash;
        this.settings = settings;
        this.store = store;
        this.replayTo = context.messageAdapter(JobJournal.Replayed.class, JobManager.JournalReplayed::new);
    }

    private Behavior<MasterCommand> listJobs() {
        context.pipeToSelf(store.jobIds(),
                (ids, failure) -> failure == null ? new JobIdsListed(ids) : new ListingFailed(failure));
        return recovering();
    }

    private Behavior<MasterCommand> recovering() {
        return Behaviors.receive(MasterCommand.class)
                .onMessage(JobIdsListed.class, this::onJobIdsListed)
                .onMessage(ListingFailed.class, this::onListingFailed)
                .onMessageEquals(ListAgain.INSTANCE, this::listJobs)
                .onMessage(JobManager.JournalReplayed.class, this::onReplayed)
                .onMessage(JobManager.JournalStopped.class, this::onJournalStopped)
                .onMessage(ReadAgain.class, again -> {
                    read(again.jobId());
                    return Behaviors.same();
                })
                .onAnyMessage(this::later)
                .build();
    }

    private Behavior<MasterCommand> later(MasterCommand message) {
        if (stash.isFull()) {
            context.getLog().warn("Dropped {} while recovering jobs: {} messages wait already",
                    message.getClass().getSimpleName(), STASH_CAPACITY);
        } else {
            stash.stash(message);
        }
        return Behaviors.same();
    }

    private Behavior<MasterCommand> onListingFailed(ListingFailed failed) {
        context.getLog().error("Cannot read the jobs from the job store {}: {}; trying again in {} s",
                store.where(), JobStore.oneLine(failed.failure()), RETRY.toSeconds());
        timers.startSingleTimer(ListAgain.INSTANCE, RETRY);
        return Behaviors.same();
    }

    private Behavior<MasterCommand> onJobIdsListed(JobIdsListed listed) {
        waitingFor.addAll(listed.ids());
        listed.ids().forEach(this::read);
        return waitingFor.isEmpty() ? done() : Behaviors.same();
    }

    private void read(String jobId) {
        journals.put(jobId, JobManager.startJournal(context, jobId, JobJournal.replaying(store, jobId, replayTo),
                ++journalNames));
    }

    private Behavior<MasterCommand> onReplayed(JobManager.JournalReplayed message) {
        JobJournal.Replayed replayed = message.replayed();
        if (!waitingFor.remove(replayed.jobId())) {
            return Behaviors.same();
        }
        List<JobEvent> events = replayed.events();
        if (!events.isEmpty() && events.get(0) instanceof JobEvent.JobSubmitted) {
            recovered.add(Job.replay(events));
        } else {
            // Events left without their job (a cancellation written as the job was deleted): erase them.
            context.getLog().atWarn().addKeyValue("jobId", replayed.jobId())
                    .log("Job {} has {} events in the job store but no definition: erased", replayed.jobId(),
                            events.size());
            journals.remove(replayed.jobId()).tell(JobJournal.Stop.INSTANCE);
            store.erase(replayed.jobId()).exceptionally(failure -> {
                context.getSystem().log().atWarn().addKeyValue("jobId", replayed.jobId())
                        .log("Cannot erase job {}: {}", replayed.jobId(), JobStore.oneLine(failure));
                return null;
            });
        }
        return waitingFor.isEmpty() ? done() : Behaviors.same();
    }

    private Behavior<MasterCommand> onJournalStopped(JobManager.JournalStopped stopped) {
        String jobId = stopped.jobId();
        journals.remove(jobId);
        if (!waitingFor.contains(jobId)) {
            return Behaviors.same();
        }
        int attempt = attempts.merge(jobId, 1, Integer::sum);
        if (attempt >= ATTEMPTS) {
            context.getLog().atError().addKeyValue("jobId", jobId).log("Job {} could not be read from the job store"
                    + " {} times: left out until the next start of the job manager (see the errors above)", jobId,
                    attempt);
            waitingFor.remove(jobId);
            return waitingFor.isEmpty() ? done() : Behaviors.same();
        }
        context.getLog().atWarn().addKeyValue("jobId", jobId)
                .log("Job {} could not be read from the job store: trying again in {} s", jobId, RETRY.toSeconds());
        timers.startSingleTimer(new ReadAgain(jobId), RETRY);
        return Behaviors.same();
    }

    /** Every job read: the job manager takes over with them, and the waiting messages. */
    private Behavior<MasterCommand> done() {
        recovered.sort(Comparator.comparing(Job::submittedAt));
        JobBoard board = new JobBoard(settings.retainedJobs(), settings.retainedInputs());
        List<Job> dropped = new ArrayList<>();
        long running = 0;
        long results = 0;
        for (Job job : recovered) {
            board.add(job);
            results += job.completed() + job.failed();
            if (job.state().isEnded()) {
                dropped.addAll(board.ended(job));
            } else {
                running++;
            }
        }
        long millis = Duration.between(started, Instant.now()).toMillis();
        if (!recovered.isEmpty()) {
            context.getLog().info("Recovered {} jobs ({} not ended, {} results) from the job store {} in {} ms",
                    recovered.size(), running, results, store.where(), millis);
        }
        JobManager manager = new JobManager(context, timers, settings, store, board, journals, journalNames)
                .erasing(dropped);
        return stash.unstashAll(manager);
    }
}
