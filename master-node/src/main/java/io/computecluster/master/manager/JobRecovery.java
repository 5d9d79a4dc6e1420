package io.computecluster.master.manager;

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
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The job manager's first moments on a node that has just become the singleton: it reads every
 * job from the job store (each job's journal replays its events), rebuilds them, and hands the
 * {@link RecoveredJobs} to what comes next, with the messages that waited meanwhile in a stash:
 * a client asking about a job during a takeover gets its answer a little later, not a 404.
 */
final class JobRecovery {
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
    private final JobManagerSettings settings;
    private final JobStore store;
    private final Journals journals;
    private final Function<RecoveredJobs, Behavior<MasterCommand>> then;
    private final Set<String> waitingFor = new HashSet<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final List<Job> recovered = new ArrayList<>();
    private final List<String> inputsOnly = new ArrayList<>();
    private final Instant started = Instant.now();

    private JobRecovery(ActorContext<MasterCommand> context, TimerScheduler<MasterCommand> timers,
                        StashBuffer<MasterCommand> stash, JobManagerSettings settings, JobStore store,
                        Function<RecoveredJobs, Behavior<MasterCommand>> then) {
        this.context = context;
        this.timers = timers;
        this.stash = stash;
        this.settings = settings;
        this.store = store;
        this.then = then;
        this.journals = new Journals(context, store);
    }

    /**
     * Reads the jobs, then becomes {@code then} applied to them, with the stashed messages.
     * Messages that come meanwhile wait in {@code stash}.
     */
    static Behavior<MasterCommand> recover(ActorContext<MasterCommand> context, TimerScheduler<MasterCommand> timers,
                                           StashBuffer<MasterCommand> stash, JobManagerSettings settings,
                                           JobStore store, Function<RecoveredJobs, Behavior<MasterCommand>> then) {
        return new JobRecovery(context, timers, stash, settings, store, then).listJobs();
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
                .onMessage(Journals.Replayed.class, this::onReplayed)
                .onMessage(Journals.Stopped.class, this::onJournalStopped)
                .onMessage(ReadAgain.class, again -> {
                    journals.of(again.jobId());
                    return Behaviors.same();
                })
                .onAnyMessage(this::later)
                .build();
    }

    private Behavior<MasterCommand> later(MasterCommand message) {
        if (stash.isFull()) {
            context.getLog().warn("Dropped {} while recovering jobs: {} messages wait already",
                    message.getClass().getSimpleName(), stash.capacity());
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
        listed.ids().forEach(journals::of);
        return waitingFor.isEmpty() ? done() : Behaviors.same();
    }

    private Behavior<MasterCommand> onReplayed(Journals.Replayed message) {
        JobJournal.Replayed replayed = message.replayed();
        if (!waitingFor.remove(replayed.jobId())) {
            return Behaviors.same();
        }
        List<JobEvent> events = replayed.events();
        if (!events.isEmpty() && events.get(0) instanceof JobEvent.JobSubmitted) {
            recovered.add(Job.replay(events));
        } else {
            // Events left without their job (a cancellation written as the job was deleted): erase
            // them; inputs without a definition get a while first.
            if (events.isEmpty()) {
                // A submission may still be storing its body: it has a while to write its definition.
                context.getLog().atInfo().addKeyValue("jobId", replayed.jobId())
                        .log("Job {} has inputs but no definition in the job store (a submission not finished, or"
                                + " that failed): erased in {} min unless it is submitted by then", replayed.jobId(),
                                JobManager.SUBMISSION_GRACE.toMinutes());
                journals.stop(replayed.jobId());
                inputsOnly.add(replayed.jobId());
                return waitingFor.isEmpty() ? done() : Behaviors.same();
            } else {
                context.getLog().atWarn().addKeyValue("jobId", replayed.jobId())
                        .log("Job {} has {} events in the job store but no definition: erased", replayed.jobId(),
                                events.size());
            }
            journals.stop(replayed.jobId());
            store.erase(replayed.jobId()).exceptionally(failure -> {
                context.getSystem().log().atWarn().addKeyValue("jobId", replayed.jobId())
                        .log("Cannot erase job {}: {}", replayed.jobId(), JobStore.oneLine(failure));
                return null;
            });
        }
        return waitingFor.isEmpty() ? done() : Behaviors.same();
    }

    private Behavior<MasterCommand> onJournalStopped(Journals.Stopped stopped) {
        String jobId = stopped.jobId();
        journals.stopped(jobId);
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

    /**
     * Whether {@code job} is a retry stored while the job manager moved: a job that came earlier
     * holds its key, and it has no results, so it never ran. The earlier one is the key's job.
     */
    private static boolean lostKeyRace(Job job, IdempotencyKeys keys) {
        return job.idempotencyKey() != null && !keys.add(job.idempotencyKey(), job.id())
                && !job.state().isEnded() && job.completed() + job.failed() == 0;
    }

    /** Every job read: what comes next takes over with them, and the waiting messages. */
    private Behavior<MasterCommand> done() {
        recovered.sort(Comparator.comparing(Job::submittedAt));
        JobBoard board = new JobBoard(settings.retainedJobs(), settings.retainedInputs());
        List<Job> pastRetention = new ArrayList<>();
        long running = 0;
        long results = 0;
        IdempotencyKeys keys = new IdempotencyKeys();
        for (Job job : recovered) {
            if (lostKeyRace(job, keys)) {
                context.getLog().atWarn().addKeyValue("jobId", job.id()).log("Job {} was submitted with the"
                        + " Idempotency-Key of job {}, which came first, and was not admitted: erased", job.id(),
                        keys.jobOf(job.idempotencyKey()).orElseThrow());
                pastRetention.add(job);
                continue;
            }
            board.add(job);
            results += job.completed() + job.failed();
            if (job.state().isEnded()) {
                pastRetention.addAll(board.ended(job));
            } else {
                running++;
            }
        }
        long millis = Duration.between(started, Instant.now()).toMillis();
        if (!recovered.isEmpty()) {
            context.getLog().info("Recovered {} jobs ({} not ended, {} results) from the job store {} in {} ms",
                    recovered.size(), running, results, store.where(), millis);
        }
        return stash.unstashAll(then.apply(new RecoveredJobs(board, pastRetention, journals, List.copyOf(inputsOnly),
                keys)));
    }
}
