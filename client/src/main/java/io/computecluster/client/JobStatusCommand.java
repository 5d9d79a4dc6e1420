package io.computecluster.client;

import io.computecluster.api.JobStatus;
import io.computecluster.common.cli.Version;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compute status ID}: one job's status ({@code GET /jobs/{id}}), at once or once it ends. */
@Command(name = "status", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Shows one job's state and progress.",
                "Exit codes: 0 shown (whatever the job's state), 2 bad usage or unknown job, 4 master unreachable,"
                        + " 1 other."})
final class JobStatusCommand extends ApiVerb {
    /** The master's longest long poll. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    @Mixin
    JobIdParameter job;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "Answer as soon as the job ends, at most after DURATION (500ms, 30s, 1m; up to 60s).")
    String waitFor;

    JobStatusCommand(PrintStream stdout, PrintStream stderr, ZoneId zone) {
        super(stdout, stderr, zone);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        Duration wait = waitFor == null ? null : duration(waitFor);
        String id = job.id();
        JobStatus status = calls().callAbout(id, api -> wait == null ? api.status(id) : api.awaitStatus(id, wait));
        show(status, StatusReport.job(status, zone));
        return ExitCode.OK;
    }

    /** {@code --wait}'s duration, within the master's limit. */
    static Duration duration(String text) throws CommandFailure {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new CommandFailure(ExitCode.USAGE, "--wait: expected a duration such as 500ms, 30s or 1m, got '"
                    + text + "' (see --help)");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration wait = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
        if (wait.compareTo(MAX_WAIT) > 0) {
            throw new CommandFailure(ExitCode.USAGE, "--wait: at most 60s, got '" + text + "' (see --help)");
        }
        return wait;
    }
}
