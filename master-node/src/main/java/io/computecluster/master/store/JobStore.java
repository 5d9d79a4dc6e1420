package io.computecluster.master.store;

import io.computecluster.common.column.Column;
import io.computecluster.master.job.JobEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The job store as the masters use it: each job's events, numbered from 1 (the job's definition,
 * its chunks' results, its cancellation), appended, replayed, read one by one and erased with the
 * job. {@link JdbcJobStore} keeps them in H2 or PostgreSQL; tests substitute one in memory. Every
 * call answers on another thread and never blocks its caller, an actor or a route.
 *
 * <p><b>Who writes.</b> There is no single writer of the store, and none is needed; what holds is
 * one writer for each event number of a job, fenced by the store:
 * <ul>
 *   <li>Event 1, a job's definition, is written by the master node whose HTTP API took the
 *       request ({@code JobSubmission}), active or standby, before the job manager hears of the
 *       job; the id is new and random, so no other node writes that job then.</li>
 *   <li>Events 2 and on are written by the job manager, a cluster singleton, through the job's
 *       {@link JobJournal}, which numbers them on from what it wrote or replayed.</li>
 *   <li>A job is erased by the job manager: deleted, past retention, refused at admission (the
 *       node that wrote event 1 writes nothing more for it), or events left without a definition
 *       at recovery.</li>
 * </ul>
 * The singleton does not make this safe alone: during a takeover, or on each side of a partition
 * until the split brain resolver downs one, two job managers can run. What makes it safe is that
 * {@link #append} of a number that is taken fails: the journal of a stale job manager stops instead
 * of overwriting or interleaving with the new one's events. Erasing is not fenced that way: a stale
 * job manager can erase a job it deleted while the new one still shows it, until the new one
 * restarts. A collision of two new job ids (48 random bits) fails the second submission's write.
 */
public interface JobStore {

    /**
     * Stores {@code event} as event {@code sequenceNr} of job {@code jobId}. Fails, writing
     * nothing, when the job has an event of that number already.
     */
    CompletionStage<Void> append(String jobId, long sequenceNr, JobEvent event);

    /**
     * Every event of job {@code jobId} in order, results without their values
     * ({@link JobEvent.ChunksCompleted#withoutValues}): event {@code i} has sequence number
     * {@code i + 1}. Empty for a job the store does not hold. A job whose event 1 is not stored
     * (an event written as the job was being erased) has its events replayed all the same, in
     * order, so that the caller sees there is no definition and erases them; fails when a number
     * is missing after event 1.
     */
    CompletionStage<List<JobEvent>> replay(String jobId);

    /** Event {@code sequenceNr} of job {@code jobId}, with every value; fails when it is not stored. */
    CompletionStage<JobEvent> read(String jobId, long sequenceNr);

    /**
     * Stores block {@code block} of job {@code jobId}'s listed inputs. Fails, writing nothing, when
     * the job has a block of that number already. Written by the master that takes the job's
     * request, before its definition.
     */
    CompletionStage<Void> appendInputs(String jobId, int block, Column values);

    /** Block {@code block} of job {@code jobId}'s listed inputs; fails when it is not stored. */
    CompletionStage<Column> readInputs(String jobId, int block);

    /**
     * The ids of the jobs that have events or inputs in the store, a definition or not: inputs
     * without a definition are those of a submission that failed (the job manager erases them a
     * while after it recovers) or that is still being streamed in.
     */
    CompletionStage<List<String>> jobIds();

    /** Removes every event and every input block of job {@code jobId}; done, too, when it had none. */
    CompletionStage<Void> erase(String jobId);

    /** Where the store is, for messages (a URL without its options, say). */
    String where();

    /** The message of the innermost cause: the JDBC driver's own words, on one line. */
    static String oneLine(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
