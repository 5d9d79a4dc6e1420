package io.computecluster.master.manager;

import io.computecluster.master.job.Job;
import io.computecluster.master.job.JobBoard;
import java.util.List;

/**
 * What {@link JobRecovery} read from the job store: the jobs on their board, the ended jobs past
 * retention (their events are to be erased), and the journals it started, which go on writing.
 */
record RecoveredJobs(JobBoard board, List<Job> pastRetention, Journals journals) {
}
