package io.computecluster.client;

import io.computecluster.api.JobStatus;
import io.computecluster.common.cli.Version;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code compute cancel ID}: cancels a job ({@code DELETE /jobs/{id}}) and shows its status afterwards. */
@Command(name = "cancel", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Cancels a job and shows its status afterwards.",
                "A job that has not ended stops (its work in flight is dropped); the master forgets an ended",
                "job and its results.",
                "Exit codes: 0 done, 2 bad usage or unknown job, 4 master unreachable, 1 other."})
final class CancelCommand implements Callable<Integer> {
    @Mixin
    JobIdParameter job;

    @Mixin
    MasterApiOptions master;

    @Mixin
    JsonOption json;

    @Mixin
    HelpOptions help;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final ZoneId zone;

    CancelCommand(PrintStream stdout, PrintStream stderr, ZoneId zone) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.zone = zone;
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        String id = job.id();
        JobStatus status = new MasterCalls(master, stderr).callAbout(id, api -> api.cancel(id));
        if (json.enabled()) {
            JsonOption.print(status, stdout);
        } else {
            stdout.print(StatusReport.job(status, zone));
            stdout.flush();
        }
        return ExitCode.OK;
    }
}
