package io.computecluster.client;

import io.computecluster.api.JobState;
import io.computecluster.api.JobStatus;
import io.computecluster.common.cli.Version;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compute results ID}: a job's results ({@code GET /jobs/{id}/results}), resumed on the next
 * master when one stops answering, to stdout or a file written safely; with {@code --follow}, as
 * they come while the job runs.
 */
@Command(name = "results", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Writes a job's results, one line per input in input order.",
                "Once the job has ended; with --follow, while it runs too. With --json: the job's status as JSON",
                "on stdout, the results to --out.",
                "Exit codes: 0 done, 2 bad usage or unknown job, 4 master unreachable, 1 other."})
final class ResultsCommand extends ApiVerb {
    @Mixin
    JobIdParameter job;

    @Option(names = "--follow", description = "Stream the results as the job's chunks are done, until it ends.")
    boolean follow;

    @Option(names = "--format", paramLabel = "jsonl|tsv", converter = ResultFormatConverter.class,
            description = "jsonl (JSON Lines) or tsv (INPUT<TAB>RESULT, functions of integers only)"
                    + " (default: the job's: tsv for functions of integers to integers, else jsonl).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = {"Write the results here (default: stdout; - is stdout).",
            "A regular file is replaced only once complete; a device, FIFO or socket is written directly."})
    String out;

    ResultsCommand(PrintStream stdout, PrintStream stderr, ZoneId zone) {
        super(stdout, stderr, zone);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        json.checkResultsOffStdout(out, " (--format jsonl writes them as JSON Lines)");
        if (out != null) {
            ResultsOutput.checkWritable(out);
        }
        String id = job.id();
        MasterCalls calls = calls();
        JobStatus status = calls.callAbout(id, api -> api.status(id));
        checkHasResults(status);
        long expected = FunctionCatalog.isSquare(status.function()) ? ResultsDelivery.UNCOUNTED : status.total();
        new ResultsDelivery(calls.masters(), master, stdout, stderr).deliver(id, format, out, follow, expected);
        if (json.enabled()) {
            JsonOption.print(follow ? calls.callAbout(id, api -> api.status(id)) : status, stdout);
        }
        return ExitCode.OK;
    }

    /** A running job's results come with --follow only; a cancelled job has none. */
    private void checkHasResults(JobStatus status) throws CommandFailure {
        if (status.state() == JobState.CANCELLED) {
            throw new CommandFailure(ExitCode.FAILURE, JobOutcome.cancelled(status) + ": it has no results");
        }
        if (!follow && !status.state().isFinal()) {
            throw new CommandFailure(ExitCode.FAILURE, "job " + status.id() + " is " + status.state()
                    + ": its results come once it ends; --follow streams them as they come");
        }
    }
}
