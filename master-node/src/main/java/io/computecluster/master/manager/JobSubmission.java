package io.computecluster.master.manager;

import io.computecluster.common.column.Column;
import io.computecluster.common.protocol.WorkerProtocol.MasterCommand;
import io.computecluster.master.job.InputBlocks;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.store.JobEventCodec;
import io.computecluster.master.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Submits a job from any master node: the node that took the request stores the job's definition
 * in the job store first, then asks the job manager, wherever it runs, to take it. A job's inputs
 * (millions of listed numbers, say) thus never cross the cluster in one message, and a job that
 * was answered "accepted" is in the store. A job the job manager refuses, it erases itself.
 *
 * <p>A long list of inputs is stored first, in blocks ({@code job_inputs}), and the definition
 * holds only where they are ({@link InputSource.Stored}): the job manager then reads them a chunk
 * at a time, and keeps none of them. A text or NDJSON body's inputs are stored as the body is read
 * ({@link #appendInputs}), before {@link #submit(String, JobSpec)}.
 *
 * <p>So event 1 of every job is written here, by whichever master took the request, and the job
 * manager writes the rest; {@link JobStore} says why that is safe with standby masters.
 */
public final class JobSubmission {
    /** Longer than the job store's statement timeout (10 s), which fails a write the store does not answer. */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(15);
    static final Duration ADMIT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Lists up to this many inputs, and definitions up to this size, travel with
     * {@link JobManagerProtocol.Admit}; longer lists are stored in blocks, not in the definition.
     */
    public static final int INLINE_INPUTS = 1000;
    static final int INLINE_BYTES = 32 * 1024;
    private static final byte[] NO_BYTES = new byte[0];

    /** The store did not take the job; the request gets a 503 with this message. */
    public static final class StoreFailure extends RuntimeException {
        StoreFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ActorSystem<?> system;
    private final ActorRef<MasterCommand> jobManager;
    private final JobStore store;

    public JobSubmission(ActorSystem<?> system, ActorRef<MasterCommand> jobManager, JobStore store) {
        this.system = system;
        this.jobManager = jobManager;
        this.store = store;
    }

    /** Stores the job and has it admitted: {@code Accepted}, {@code Busy}, {@code ListsBusy} or {@code NotAccepted}. */
    public CompletionStage<JobManagerProtocol.SubmitReply> submit(JobSpec spec) {
        return submit(newJobId(), spec);
    }

    /**
     * As {@link #submit(JobSpec)}, as job {@code id} ({@link #newJobId}), whose inputs are in the
     * store already when they are {@link InputSource.Stored}.
     */
    public CompletionStage<JobManagerProtocol.SubmitReply> submit(String id, JobSpec spec) {
        return submit(id, spec, null);
    }

    /**
     * As {@link #submit(String, JobSpec)}, with the client's Idempotency-Key ({@code null} for
     * none), kept with the job's definition: the job manager answers {@code Accepted} with the
     * job it keeps under that key instead, if there is one, and erases this one.
     */
    public CompletionStage<JobManagerProtocol.SubmitReply> submit(String id, JobSpec spec, String idempotencyKey) {
        CompletionStage<JobSpec> stored = spec.inputs() instanceof InputSource.Listed listed
                && listed.total() > INLINE_INPUTS ? storeList(id, spec, listed) : CompletableFuture.completedFuture(spec);
        return stored.thenCompose(definition -> {
            JobEvent.JobSubmitted submitted = new JobEvent.JobSubmitted(id, definition, Instant.now(),
                    idempotencyKey);
            return stored(store.append(id, 1, submitted), "the job")
                    .whenComplete((done, failure) -> {
                        if (failure != null && !(definition.inputs().inHeap())) {
                            abandon(id);
                        }
                    })
                    .thenCompose(done -> AskPattern.<MasterCommand, JobManagerProtocol.SubmitReply>ask(jobManager,
                            replyTo -> new JobManagerProtocol.Admit(id, inline(submitted), idempotencyKey,
                            replyTo), ADMIT_TIMEOUT,
                            system.scheduler()));
        });
    }

    /**
     * Stores block {@code block} of job {@code id}'s inputs, before its definition; fails with
     * {@link StoreFailure} when the store does not take it.
     */
    public CompletionStage<Void> appendInputs(String id, int block, Column values) {
        return stored(store.appendInputs(id, block, values), "the job's inputs");
    }

    /** Erases what a submission that failed stored of job {@code id}, as far as the store lets it. */
    public void abandon(String id) {
        store.erase(id).exceptionally(failure -> {
            system.log().warn("Cannot erase the inputs of job {}, whose submission failed: {}; the next start of the"
                    + " job manager erases them", id, JobStore.oneLine(failure));
            return null;
        });
    }

    /** A long list kept in the store in blocks, not the job manager's heap; its definition says where. */
    private CompletionStage<JobSpec> storeList(String id, JobSpec spec, InputSource.Listed listed) {
        long[] ends = InputBlocks.ends(listed.values());
        CompletionStage<Void> written = CompletableFuture.completedFuture(null);
        for (int block = 0; block < ends.length; block++) {
            int number = block;
            int from = block == 0 ? 0 : (int) ends[block - 1];
            int to = (int) ends[block];
            written = written.thenCompose(done -> appendInputs(id, number, listed.values().slice(from, to)));
        }
        InputSource.Stored stored = new InputSource.Stored(spec.inputType(), listed.total(), ends,
                listed.maxValueBytes(), listed.maxBitLength());
        return written.whenComplete((done, failure) -> {
            if (failure != null) {
                abandon(id);
            }
        }).thenApply(done -> new JobSpec(spec.call(), spec.inputType(), spec.outputType(), stored, spec.chunkSize()));
    }

    private static CompletionStage<Void> stored(CompletionStage<Void> write, String what) {
        return write.toCompletableFuture()
                .orTimeout(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof StoreFailure storeFailure) {
                        throw storeFailure;
                    }
                    throw new StoreFailure(cause instanceof TimeoutException
                            ? "the job store did not take " + what + " within " + STORE_TIMEOUT.toSeconds() + " s"
                            : "the job store failed to take " + what + ": " + cause.getMessage(), cause);
                });
    }

    /**
     * The definition's bytes for {@link JobManagerProtocol.Admit} when small enough to travel with it (a
     * range, a short list): the job then starts without being read back. Empty otherwise.
     */
    static byte[] inline(JobEvent.JobSubmitted submitted) {
        if (submitted.spec().inputs() instanceof InputSource.Listed listed && listed.total() > INLINE_INPUTS) {
            return NO_BYTES;
        }
        byte[] bytes = JobEventCodec.encode(submitted);
        return bytes.length <= INLINE_BYTES ? bytes : NO_BYTES;
    }

    /** A new job's id: 48 random bits. */
    public static String newJobId() {
        return String.format("j-%012x", ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
    }
}
