package io.computecluster.client;

import io.computecluster.api.JobStatus;
import io.computecluster.common.cli.Version;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code compute cancel ID}: cancels a job ({@code DELETE /jobs/{id}}) and shows its status afterwards. */
@Command(name = "cancel", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Cancels a job and shows its status afterwards.",
                "A job that has not ended stops (its work in flight is dropped); the master forgets an ended",
                "job and its results.",
                "Exit codes: 0 done, 2 bad usage or unknown job, 4 master unreachable, 1 other."})
final class CancelCommand extends ApiVerb {
    @Mixin
    JobIdParameter job;

    CancelCommand(PrintStream stdout, PrintStream stderr, ZoneId zone) {
        super(stdout, stderr, zone);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        String id = job.id();
        JobStatus status = calls().callAbout(id, api -> api.cancel(id));
        show(status, StatusReport.job(status, zone));
        return ExitCode.OK;
    }
}
