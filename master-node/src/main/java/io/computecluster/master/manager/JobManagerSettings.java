package io.computecluster.master.manager;

import java.time.Duration;

/**
 * What the job manager is told by its node's settings ({@code compute.master.*}).
 *
 * @param maxRunningJobs        jobs queued or running at once; more are refused
 * @param maxRunningListInputs  inputs over all queued or running jobs given as lists; more are refused
 * @param maxWaitingRequests    requests waiting for a job to end or a chunk's results; more are refused
 * @param chunkTimeout          a chunk unanswered this long goes to another worker
 * @param progressLogInterval   how often a running job's progress is logged
 * @param retainedJobs          ended jobs kept
 * @param retainedInputs        inputs kept over all ended jobs
 */
public record JobManagerSettings(int maxRunningJobs, long maxRunningListInputs, int maxWaitingRequests,
                                 Duration chunkTimeout, Duration progressLogInterval, int retainedJobs,
                                 long retainedInputs) {
}
