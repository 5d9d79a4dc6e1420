package io.computecluster.client;

import io.computecluster.api.JobList;
import io.computecluster.api.JobStatus;
import io.computecluster.common.cli.Version;
import io.computecluster.compute.http.ApiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code compute jobs}: every job the master knows ({@code GET /jobs}), newest first, as a table. */
@Command(name = "jobs", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Lists the jobs the master knows, newest first.",
                "Exit codes: 0 done, 2 bad usage, 4 master unreachable, 1 other."})
final class JobsCommand extends ApiVerb {
    JobsCommand(PrintStream stdout, PrintStream stderr, ZoneId zone) {
        super(stdout, stderr, zone);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        List<JobStatus> jobs = calls().call(ApiClient::jobs);
        show(new JobList(jobs), StatusReport.jobTable(jobs, zone, ""));
        return ExitCode.OK;
    }
}
