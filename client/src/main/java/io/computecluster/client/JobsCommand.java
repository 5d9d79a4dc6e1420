package io.computecluster.client;

import io.computecluster.api.JobList;
import io.computecluster.api.JobStatus;
import io.computecluster.common.cli.Version;
import io.computecluster.compute.http.ApiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code compute jobs}: every job the master knows ({@code GET /jobs}), newest first, as a table. */
@Command(name = "jobs", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Lists the jobs the master knows, newest first.",
                "Exit codes: 0 done, 2 bad usage, 4 master unreachable, 1 other."})
final class JobsCommand implements Callable<Integer> {
    @Mixin
    MasterApiOptions master;

    @Mixin
    JsonOption json;

    @Mixin
    HelpOptions help;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final ZoneId zone;

    JobsCommand(PrintStream stdout, PrintStream stderr, ZoneId zone) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.zone = zone;
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        List<JobStatus> jobs = new MasterCalls(master, stderr).call(ApiClient::jobs);
        if (json.enabled()) {
            JsonOption.print(new JobList(jobs), stdout);
        } else {
            stdout.print(StatusReport.jobTable(jobs, zone, ""));
            stdout.flush();
        }
        return ExitCode.OK;
    }
}
