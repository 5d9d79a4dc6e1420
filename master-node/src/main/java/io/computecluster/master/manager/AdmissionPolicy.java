package io.computecluster.master.manager;

import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import io.computecluster.master.manager.JobManagerProtocol.Busy;
import io.computecluster.master.manager.JobManagerProtocol.ListsBusy;
import io.computecluster.master.manager.JobManagerProtocol.NotAccepted;
import io.computecluster.master.manager.JobManagerProtocol.SubmitReply;
import java.util.Optional;

/**
 * Whether the job manager takes a new job: not while the job store fails, nor past
 * {@code max-running-jobs} queued or running jobs, nor when the lists of inputs of the unfinished
 * jobs would pass {@code max-running-list-inputs}. The job manager erases a refused job's
 * definition, which its submitter ({@link JobSubmission}) stored: nothing of it is left.
 */
final class AdmissionPolicy {
    private final int maxRunningJobs;
    private final long maxRunningListInputs;

    AdmissionPolicy(int maxRunningJobs, long maxRunningListInputs) {
        this.maxRunningJobs = maxRunningJobs;
        this.maxRunningListInputs = maxRunningListInputs;
    }

    /**
     * Why a new job is refused before its definition is read, or empty to read it.
     *
     * @param unfinished   jobs queued or running, and jobs being admitted
     * @param storeProblem why the job store fails, or null while it works
     */
    Optional<SubmitReply> refusal(int unfinished, String storeProblem) {
        if (storeProblem != null) {
            return Optional.of(new NotAccepted("the job store is failing (" + storeProblem
                    + "): no new jobs until it works again"));
        }
        if (unfinished >= maxRunningJobs) {
            return Optional.of(new Busy(unfinished, maxRunningJobs));
        }
        return Optional.empty();
    }

    /**
     * Why a job whose definition is read is refused, or empty to run it.
     *
     * @param heldListInputs the inputs of the unfinished jobs given as lists
     */
    Optional<SubmitReply> refusal(JobSpec spec, long heldListInputs) {
        if (spec.inputs() instanceof InputSource.Listed listed
                && heldListInputs + listed.total() > maxRunningListInputs) {
            return Optional.of(new ListsBusy(heldListInputs, listed.total(), maxRunningListInputs));
        }
        return Optional.empty();
    }
}
