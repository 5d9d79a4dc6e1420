package io.computecluster.client;

import io.computecluster.api.JobStatus;
import io.computecluster.common.cli.Version;
import io.computecluster.common.input.IntegerRange;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/submit}: submits a job to the master's HTTP API, waits for it with progress on stderr,
 * and writes {@code INPUT<TAB>RESULT} lines in input order to a file or stdout.
 */
@Command(name = "submit", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Submits a job to the master's HTTP API and waits for it.",
                "Writes one line per input, INPUT<TAB>RESULT, in input order.",
                "Exit codes: 0 done, 2 bad usage or input, 3 job failed, 4 master unreachable, 1 other."})
public final class SubmitMain implements Callable<Integer> {

    @Mixin
    MasterApiOptions master;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--function", paramLabel = "NAME", defaultValue = "square",
            description = "The function to apply to every input (default: ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--chunk", paramLabel = "N", converter = PositiveIntConverter.class,
            description = "Inputs per task sent to a worker (default: the master's).")
    Integer chunk;

    @Option(names = "--out", paramLabel = "FILE", description = {"Write the results here (default: stdout; - is stdout).",
            "A regular file is replaced only once complete; a device, FIFO or socket is written directly."})
    String out;

    @Option(names = "--no-progress", description = "Show no progress on stderr.")
    boolean noProgress;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    /** Where the inputs come from: exactly one of these. */
    static final class Source {
        @Option(names = "--range", paramLabel = "A..B", converter = IntegerRangeConverter.class, required = true,
                description = "Every integer from A to B, both included.")
        IntegerRange range;

        @Option(names = "--input", paramLabel = "FILE", required = true,
                description = "One integer per line; blank lines are skipped.")
        Path input;

        @Option(names = "--random", paramLabel = "N[:SEED]", converter = RandomSpec.Converter.class,
                required = true, description = "N random signed 64-bit integers (seeded when SEED is given).")
        RandomSpec random;
    }

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean terminal;

    SubmitMain(PrintStream stdout, PrintStream stderr, boolean terminal) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command as {@code bin/submit} does and returns its exit code instead of exiting. */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    static int run(PrintStream stdout, PrintStream stderr, String... args) {
        return Cli.execute(new SubmitMain(stdout, stderr, System.console() != null), args, stdout, stderr);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        if (function.isBlank()) {
            throw new CommandFailure(ExitCode.USAGE, "--function: a function name is required (see --help)");
        }
        if (out != null) {
            ResultsOutput.checkWritable(out);
        }
        if (source.input != null) {
            new InputFileValidator(InputLimits.parser(), InputLimits.MAX_INPUTS).validate(source.input);
        }
        MasterFailover masters = master.masters(stderr);
        String jobId = submit(masters);
        JobStatus status;
        try (Progress progress = Progress.forJob(jobId, !noProgress, terminal, stderr)) {
            status = new JobWaiter(masters).await(jobId, progress);
        } catch (ApiException e) {
            throw lost(jobId, e);
        }
        return switch (status.state()) {
            case SUCCEEDED -> {
                String written = writeResults(masters, status);
                stderr.println("job " + jobId + " SUCCEEDED: " + Formats.grouped(status.total()) + " results in "
                        + Formats.seconds(status.elapsedMillis()) + " (" + Formats.grouped(Math.round(status.throughput()))
                        + " tasks/s) -> " + written);
                yield ExitCode.OK;
            }
            case FAILED -> {
                writeResults(masters, status);
                stderr.println("error: " + JobOutcome.failed(status));
                yield ExitCode.JOB_FAILED;
            }
            case CANCELLED -> {
                stderr.println("error: " + JobOutcome.cancelled(status));
                yield ExitCode.FAILURE;
            }
            default -> throw new IllegalStateException("job " + jobId + " ended in state " + status.state());
        };
    }

    /**
     * Posts the job to the master in use, and to the next while a master fails before answering
     * (connection refused or reset) or answers 503; any other answer is final. The body can be
     * sent again: every publisher here reads its source afresh. A connection that breaks (or an
     * answer that does not come in time) after the master took the job but before its answer
     * arrived leaves that job behind, and the next master then runs a duplicate of it.
     */
    private String submit(MasterFailover masters) throws IOException, InterruptedException, CommandFailure {
        try {
            if (source.range != null) {
                return masters.call(client -> client.submitRange(function, source.range, chunk));
            }
            if (source.input != null) {
                HttpRequest.BodyPublisher lines = HttpRequest.BodyPublishers.ofFile(source.input);
                return masters.call(client -> client.submitLines(function, chunk, lines));
            }
            RandomSpec random = source.random;
            if (!noProgress && !random.seeded()) {
                stderr.println("random inputs: " + Formats.grouped(random.count()) + " integers, seed "
                        + random.seed() + " (--random " + random.count() + ":" + random.seed() + " repeats them)");
            }
            HttpRequest.BodyPublisher lines = HttpRequest.BodyPublishers.ofInputStream(random::open);
            return masters.call(client -> client.submitLines(function, chunk, lines));
        } catch (ApiException e) {
            throw rejected(e);
        }
    }

    /** The master's answer to a job it did not take, with the contract's exit code. */
    private CommandFailure rejected(ApiException e) {
        return switch (e.status()) {
            case 401 -> master.refused(e);
            case 400, 413, 422 -> new CommandFailure(ExitCode.USAGE, inputPrefix(e.line()) + withoutLine(e), e);
            case 503 -> new CommandFailure(ExitCode.UNREACHABLE,
                    "cluster not ready at " + e.api() + ": " + e.error(), e);
            default -> new CommandFailure(ExitCode.FAILURE, "the master rejected the job: " + e.error(), e);
        };
    }

    /** The master's message without its own {@code line N: } prefix when the prefix names the line. */
    private static String withoutLine(ApiException e) {
        String prefix = "line " + e.line() + ": ";
        return e.line() > 0 && e.error().startsWith(prefix) ? e.error().substring(prefix.length()) : e.error();
    }

    private String inputPrefix(int line) {
        if (source.input != null) {
            return line > 0 ? source.input + ":" + line + ": " : source.input + ": ";
        }
        if (source.random != null && line > 0) {
            return "random input line " + line + ": ";
        }
        return "";
    }

    private CommandFailure lost(String jobId, ApiException e) {
        if (e.status() == 401) {
            return master.refused(e);
        }
        if (e.status() == 404) {
            return new CommandFailure(ExitCode.FAILURE,
                    "job " + jobId + " is no longer known to the master (was it restarted?)", e);
        }
        return new CommandFailure(ExitCode.FAILURE, "cannot follow job " + jobId + ": " + e.error(), e);
    }

    /** Streams the results to their destination; returns its name. */
    private String writeResults(MasterFailover masters, JobStatus status)
            throws IOException, InterruptedException, CommandFailure {
        try (ResultsOutput output = out == null ? ResultsOutput.toStdout(stdout) : open(out)) {
            try {
                output.download(masters, status.id());
                output.commit();
            } catch (ApiException e) {
                if (e.status() == 401) {
                    throw master.refused(e);
                }
                throw new CommandFailure(ExitCode.FAILURE,
                        "cannot fetch the results of job " + status.id() + ": " + e.error(), e);
            } catch (MasterUnreachableException e) {
                throw e;
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.FAILURE, "cannot write " + output.describe() + ": " + e.getMessage(), e);
            }
            return output.describe();
        }
    }

    private ResultsOutput open(String target) throws CommandFailure {
        try {
            return ResultsOutput.open(target, stdout, stderr);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
