package io.computecluster.master.manager;

import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobBoard;
import java.util.List;

/**
 * What {@link JobRecovery} read from the job store: the jobs on their board, the ended jobs past
 * retention (their events are to be erased), the journals it started, which go on writing, and
 * the ids that have inputs but no definition: submissions that failed, or that a master is still
 * streaming into the store (erased once {@link JobManager#SUBMISSION_GRACE} has passed without
 * their definition), and the jobs' Idempotency-Keys (those of jobs past retention too, freed as
 * they are erased).
 */
record RecoveredJobs(JobBoard board, List<Job> pastRetention, Journals journals, List<String> inputsOnly,
                     IdempotencyKeys keys) {
}
