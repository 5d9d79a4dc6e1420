package io.computecluster.master.http;

import io.computecluster.common.column.Column;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.manager.JobManagerProtocol;
import io.computecluster.master.manager.JobSubmission;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The job manager as the HTTP API sees it: each request of {@link JobManagerProtocol} as a
 * {@link CompletionStage} of its reply. An implementation owns how long each request may take;
 * a stage that takes longer fails with {@link NotAnswered}, one whose job the store did not take
 * with {@link StoreFailed}.
 */
public interface JobManagerGateway {

    /** Stores the job and has it admitted: {@code Accepted}, {@code Busy}, {@code ListsBusy} or {@code NotAccepted}. */
    default CompletionStage<JobManagerProtocol.SubmitReply> submit(JobSpec spec) {
        return submit(spec, null);
    }

    /**
     * As {@link #submit(JobSpec)}, with the client's Idempotency-Key ({@code null}: none): when a
     * kept job holds it, the answer is {@code Accepted} with that job, replayed, and this job is not kept.
     */
    CompletionStage<JobManagerProtocol.SubmitReply> submit(JobSpec spec, String idempotencyKey);

    /**
     * As {@link #submit(JobSpec)}, as job {@code id} ({@link #newJobId}), whose inputs, when
     * {@link io.computecluster.master.job.InputSource.Stored}, are stored already ({@link #appendInputs}).
     */
    default CompletionStage<JobManagerProtocol.SubmitReply> submit(String id, JobSpec spec) {
        return submit(id, spec, null);
    }

    /** As {@link #submit(String, JobSpec)}, with the client's Idempotency-Key as {@link #submit(JobSpec, String)} takes it. */
    CompletionStage<JobManagerProtocol.SubmitReply> submit(String id, JobSpec spec, String idempotencyKey);

    /** The kept job submitted with {@code idempotencyKey}, if any: asked before a body is read. */
    CompletionStage<JobManagerProtocol.KeptJob> keptJob(String idempotencyKey);

    /** A new job's id, under which a body's inputs are stored as it is read, before the job is submitted. */
    default String newJobId() {
        return JobSubmission.newJobId();
    }

    /** Stores block {@code block} of job {@code id}'s inputs; fails with {@link StoreFailed} when the store does not. */
    CompletionStage<Void> appendInputs(String id, int block, Column values);

    /** Erases, as far as it can, what a submission that failed stored of job {@code id}. */
    void abandon(String id);

    /** The job's status now; empty for an unknown job. */
    CompletionStage<JobManagerProtocol.StatusReply> status(String id);

    /** The job's status once it has ended, or after {@code maxWait}, whichever comes first. */
    CompletionStage<JobManagerProtocol.StatusReply> awaitEnd(String id, Duration maxWait);

    /** The jobs the job manager knows, newest first. */
    CompletionStage<JobManagerProtocol.JobList> list();

    /** Cancels a job that has not ended, or deletes an ended one; its last status. */
    CompletionStage<JobManagerProtocol.StatusReply> cancel(String id);

    /** Where an ended job's results are, or why there are none. */
    CompletionStage<JobManagerProtocol.ResultsReply> results(String id);

    /** Where the results of chunks {@code from} to {@code from + count - 1} of an ended job are. */
    CompletionStage<JobManagerProtocol.ResultsReply> storedIn(String id, int from, int count);

    /** Answers once chunk {@code chunk} of the job has its results: a followed download waits long. */
    CompletionStage<JobManagerProtocol.ResultsReply> awaitChunk(String id, int chunk);

    /** The worker actors the job manager serves, and whether its job store works; asked by probes, so quick. */
    CompletionStage<JobManagerProtocol.WorkersView> workers();

    /** Every function version workers have offered, with the nodes offering it now. */
    CompletionStage<JobManagerProtocol.Functions> functions();

    /** The cluster's last minutes of tasks per second. */
    CompletionStage<JobManagerProtocol.Throughput> throughput();

    /** The job manager did not answer within the time this gateway gives a request. */
    final class NotAnswered extends RuntimeException {
        public NotAnswered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The job store did not take a submitted job: the request is answered 503 with this message. */
    final class StoreFailed extends RuntimeException {
        public StoreFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
