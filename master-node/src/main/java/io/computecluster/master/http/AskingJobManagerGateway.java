package io.computecluster.master.http;

import io.computecluster.common.column.Column;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.master.manager.JobSubmission;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;

/**
 * The job manager reached by asking: through the cluster singleton's proxy, so that any master
 * node serves the API. Each request has its timeout here, and one not answered in it fails with
 * {@link JobManagerGateway.NotAnswered}; a submission is stored by {@link JobSubmission} first.
 */
public final class AskingJobManagerGateway implements JobManagerGateway {

    /**
     * How long each kind of request may take.
     *
     * @param ask     a request answered at once (status, list, cancel, results)
     * @param workers the workers' view, which health probes ask for: they want a quick "no"
     * @param follow  one chunk of a followed download (a job with no workers makes no progress)
     */
    public record Timeouts(Duration ask, Duration workers, Duration follow) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofHours(1));
    }

    private final ActorRef<MasterCommand> jobManager;
    private final Scheduler scheduler;
    private final JobSubmission submission;
    private final Timeouts timeouts;

    public AskingJobManagerGateway(ActorRef<MasterCommand> jobManager, Scheduler scheduler, JobSubmission submission) {
        this(jobManager, scheduler, submission, Timeouts.DEFAULT);
    }

    public AskingJobManagerGateway(ActorRef<MasterCommand> jobManager, Scheduler scheduler, JobSubmission submission,
                                   Timeouts timeouts) {
        this.jobManager = jobManager;
        this.scheduler = scheduler;
        this.submission = submission;
        this.timeouts = timeouts;
    }

    @Override
    public CompletionStage<JobManagerProtocol.SubmitReply> submit(JobSpec spec, String idempotencyKey) {
        return submit(JobSubmission.newJobId(), spec, idempotencyKey);
    }

    @Override
    public CompletionStage<JobManagerProtocol.SubmitReply> submit(String id, JobSpec spec, String idempotencyKey) {
        return answered(submission.submit(id, spec, idempotencyKey), "the job");
    }

    @Override
    public CompletionStage<JobManagerProtocol.KeptJob> keptJob(String idempotencyKey) {
        return ask(replyTo -> new JobManagerProtocol.FindByKey(idempotencyKey, replyTo), timeouts.ask(),
                "the job of an Idempotency-Key");
    }

    @Override
    public CompletionStage<Void> appendInputs(String id, int block, Column values) {
        return answered(submission.appendInputs(id, block, values), "the job's inputs");
    }

    @Override
    public void abandon(String id) {
        submission.abandon(id);
    }

    @Override
    public CompletionStage<JobManagerProtocol.StatusReply> status(String id) {
        return ask(replyTo -> new JobManagerProtocol.GetStatus(id, replyTo), timeouts.ask(), "job " + id);
    }

    @Override
    public CompletionStage<JobManagerProtocol.StatusReply> awaitEnd(String id, Duration maxWait) {
        return ask(replyTo -> new JobManagerProtocol.AwaitEnd(id, maxWait, replyTo), timeouts.ask().plus(maxWait),
                "job " + id);
    }

    @Override
    public CompletionStage<JobManagerProtocol.JobList> list() {
        return ask(JobManagerProtocol.ListJobs::new, timeouts.ask(), "the list of jobs");
    }

    @Override
    public CompletionStage<JobManagerProtocol.StatusReply> cancel(String id) {
        return ask(replyTo -> new JobManagerProtocol.Cancel(id, replyTo), timeouts.ask(), "cancelling job " + id);
    }

    @Override
    public CompletionStage<JobManagerProtocol.ResultsReply> results(String id) {
        return ask(replyTo -> new JobManagerProtocol.GetResults(id, replyTo), timeouts.ask(),
                "the results of job " + id);
    }

    @Override
    public CompletionStage<JobManagerProtocol.ResultsReply> storedIn(String id, int from, int count) {
        return ask(replyTo -> new JobManagerProtocol.GetStoredIn(id, from, count, replyTo), timeouts.ask(),
                "where the results of job " + id + " are");
    }

    @Override
    public CompletionStage<JobManagerProtocol.ResultsReply> awaitChunk(String id, int chunk) {
        return ask(replyTo -> new JobManagerProtocol.AwaitChunk(id, chunk, replyTo), timeouts.follow(),
                "chunk " + chunk + " of job " + id);
    }

    @Override
    public CompletionStage<JobManagerProtocol.WorkersView> workers() {
        return ask(JobManagerProtocol.GetWorkers::new, timeouts.workers(), "the workers");
    }

    @Override
    public CompletionStage<JobManagerProtocol.Functions> functions() {
        return ask(JobManagerProtocol.GetFunctions::new, timeouts.ask(), "the functions");
    }

    @Override
    public CompletionStage<JobManagerProtocol.Throughput> throughput() {
        return ask(JobManagerProtocol.GetThroughput::new, timeouts.ask(), "the throughput");
    }

    private <T> CompletionStage<T> ask(Function<ActorRef<T>, MasterCommand> request, Duration timeout, String what) {
        return answered(AskPattern.ask(jobManager, request, timeout, scheduler), what);
    }

    /** A timeout (Pekko's ask timeout is one) as {@link NotAnswered}, a store that did not take a job as {@link StoreFailed}. */
    private static <T> CompletionStage<T> answered(CompletionStage<T> asked, String what) {
        return asked.handle((reply, failure) -> {
            if (failure == null) {
                return reply;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                throw new NotAnswered("the job manager did not answer in time (" + what + ")", cause);
            }
            if (cause instanceof JobSubmission.StoreFailure storeFailure) {
                throw new StoreFailed(storeFailure.getMessage(), storeFailure);
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        });
    }
}
