package io.computecluster.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.api.FunctionList;
import io.computecluster.api.JobAccepted;
import io.computecluster.api.JobStatus;
import io.computecluster.common.cli.Version;
import io.computecluster.common.input.IntegerRange;
import io.computecluster.compute.http.ApiClient;
import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.JobOptions;
import io.computecluster.compute.http.MasterFailover;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/submit}: submits a job of any function the workers offer to the master's HTTP API,
 * waits for it with progress on stderr, and writes one result line per input, in input order, to a
 * file or stdout.
 */
@Command(name = "submit", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Submits a job to the master's HTTP API and waits for it.",
                "Writes one line per input, in input order: INPUT<TAB>RESULT for functions of integers to",
                "integers, JSON Lines ({\"input\":...,\"result\":...} or {\"input\":...,\"error\":...}) for the",
                "others (see --format). bin/compute functions lists the functions the workers offer.",
                "Ctrl-C while it waits cancels the job, unless --keep-on-interrupt. With --json: the job's",
                "id (--detach) or final status as JSON on stdout, the results to --out.",
                "Exit codes: 0 done, 2 bad usage or input, 3 job failed, 4 master unreachable, 1 other."})
public final class SubmitMain implements Callable<Integer> {

    @Mixin
    MasterApiOptions master;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--function", paramLabel = "NAME[@VERSION]", defaultValue = "square",
            description = {"The function to apply to every input (default: ${DEFAULT-VALUE}); without a version,"
                    + " the newest one a live worker offers."})
    String function;

    @Option(names = "--args", paramLabel = "JSON",
            description = "A JSON object the function gets with every input, for example '{\"rounds\": 3}'.")
    String args;

    @Option(names = "--task-timeout", paramLabel = "DURATION",
            description = "How long one input may take before it fails: 500ms, 30s or 5m (default: the master's).")
    String taskTimeout;

    @Option(names = "--format", paramLabel = "jsonl|tsv", converter = ResultFormatConverter.class,
            description = {"How results are written: jsonl (JSON Lines) or tsv (INPUT<TAB>RESULT, only for functions"
                    + " of integers) (default: tsv for functions of integers to integers, else jsonl)."})
    String format;

    @Option(names = "--chunk", paramLabel = "N", converter = PositiveIntConverter.class,
            description = "Inputs per task sent to a worker (default: the master's).")
    Integer chunk;

    @Option(names = "--out", paramLabel = "FILE", description = {"Write the results here (default: stdout; - is stdout).",
            "A regular file is replaced only once complete; a device, FIFO or socket is written directly."})
    String out;

    @Option(names = "--no-progress", description = "Show no progress on stderr.")
    boolean noProgress;

    @Option(names = "--detach", description = "Print the job's id on stdout and exit without waiting for the job.")
    boolean detach;

    @Option(names = "--keep-on-interrupt", description = "Ctrl-C leaves the job running (default: Ctrl-C while"
            + " waiting cancels the job).")
    boolean keepOnInterrupt;

    @Mixin
    JsonOption json;

    @Mixin
    HelpOptions helpOptions;

    /** Where the inputs come from: exactly one of these. */
    static final class Source {
        @Option(names = "--range", paramLabel = "A..B", converter = IntegerRangeConverter.class, required = true,
                description = "Every integer from A to B, both included (functions of integers only).")
        IntegerRange range;

        @Option(names = "--input", paramLabel = "FILE", required = true,
                description = {"One input per line, streamed to the master: an integer (blank lines skipped) for"
                        + " functions of integers; the line's text, every line, for text functions; a JSON value"
                        + " (blank lines skipped) for JSON functions; base64 for bytes functions."})
        Path input;

        @Option(names = "--random", paramLabel = "N[:SEED]", converter = RandomSpec.Converter.class,
                required = true, description = "N random signed 64-bit integers (seeded when SEED is given;"
                        + " functions of integers only).")
        RandomSpec random;
    }

    /** The master's durations: {@code 500ms}, {@code 30s}, {@code 5m}. */
    private static final Pattern DURATION = Pattern.compile("\\d{1,9}(ms|s|m)");

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean terminal;
    /** The function the job runs, as {@code GET /functions} describes it. */
    private FunctionList.Function chosen;
    /** {@code --args} as compact JSON; null when not given. */
    private String argsJson;

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
        function = function.strip();
        argsJson = args == null ? null : argsObject(args);
        if (taskTimeout != null && !DURATION.matcher(taskTimeout.strip()).matches()) {
            throw new CommandFailure(ExitCode.USAGE, "--task-timeout: expected a duration such as 500ms, 30s or 5m,"
                    + " got '" + taskTimeout + "' (see --help)");
        }
        if (!detach) {
            json.checkResultsOffStdout(out, ", or --detach");
        }
        if (out != null) {
            ResultsOutput.checkWritable(out);
        }
        if (source.input != null) {
            checkReadable(source.input);
        }
        MasterFailover masters = master.masters(stderr);
        chosen = choose(masters);
        checkFits();
        if (source.input != null) {
            validate(source.input);
        }
        if (detach) {
            String jobId = submit(masters);
            if (json.enabled()) {
                JsonOption.print(new JobAccepted(jobId), stdout);
            } else {
                stdout.println(jobId);
                stdout.flush();
            }
            return ExitCode.OK;
        }
        try (JobInterruptHook hook = JobInterruptHook.arm(!keepOnInterrupt, masters, stderr)) {
            String jobId = submit(masters);
            hook.submitted(jobId);
            JobStatus status = await(masters, jobId);
            hook.jobEnded();
            return finish(masters, status);
        }
    }

    private JobStatus await(MasterFailover masters, String jobId) throws IOException, InterruptedException,
            CommandFailure {
        try (Progress progress = Progress.forJob(jobId, !noProgress, terminal, stderr)) {
            return new JobWaiter(masters).await(jobId, progress);
        } catch (ApiException e) {
            throw lost(jobId, e);
        }
    }

    /** Writes the results of the ended job and says how it ended; returns the exit code. */
    private int finish(MasterFailover masters, JobStatus status) throws IOException, InterruptedException,
            CommandFailure {
        String jobId = status.id();
        int exit = switch (status.state()) {
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
        if (json.enabled()) {
            JsonOption.print(status, stdout);
        }
        return exit;
    }

    /** {@code --args} as compact JSON, or a usage failure unless it is one JSON object. */
    private static String argsObject(String text) throws CommandFailure {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new CommandFailure(ExitCode.USAGE, "--args: expected a JSON object, got malformed JSON: "
                    + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ") + " (see --help)");
        }
        if (node == null || !node.isObject()) {
            String got = node == null || node.isMissingNode() ? "nothing" : shorten(node.toString());
            throw new CommandFailure(ExitCode.USAGE, "--args: expected a JSON object such as '{\"rounds\": 3}', got "
                    + got + " (see --help)");
        }
        return node.toString();
    }

    /** A missing or unreadable input file is reported before the master is asked anything. */
    private static void checkReadable(Path file) throws CommandFailure {
        if (Files.isDirectory(file)) {
            throw new CommandFailure(ExitCode.USAGE, file + ": is a directory, expected a file of inputs");
        }
        if (!Files.exists(file)) {
            throw new CommandFailure(ExitCode.USAGE, file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new CommandFailure(ExitCode.USAGE, file + ": permission denied");
        }
    }

    /**
     * The function the job runs, from one {@code GET /functions}. Built-in square is known without
     * asking, and a master too old to list its functions knows only functions of integers.
     */
    private FunctionList.Function choose(MasterFailover masters) throws IOException, InterruptedException,
            CommandFailure {
        if (FunctionCatalog.isSquare(function)) {
            return FunctionCatalog.SQUARE_FUNCTION;
        }
        FunctionList functions;
        try {
            functions = masters.call(ApiClient::functions);
        } catch (ApiException e) {
            if (e.status() == 404) {
                return new FunctionList.Function(function, null, FunctionCatalog.INTEGER, null, List.of());
            }
            throw rejected(e);
        }
        return FunctionCatalog.resolve(functions, function).orElseThrow(() ->
                new CommandFailure(ExitCode.USAGE, FunctionCatalog.unknown(functions, function)));
    }

    /** Ranges, random integers and TSV results are for functions of integers only. */
    private void checkFits() throws CommandFailure {
        if (integerInputs()) {
            return;
        }
        String takes = function + " takes " + chosen.input();
        if (source.range != null) {
            throw new CommandFailure(ExitCode.USAGE, "--range: only for functions of integers; " + takes
                    + ": give --input FILE");
        }
        if (source.random != null) {
            throw new CommandFailure(ExitCode.USAGE, "--random: only for functions of integers; " + takes
                    + ": give --input FILE");
        }
        if ("tsv".equals(format)) {
            throw new CommandFailure(ExitCode.USAGE, "--format tsv: only for functions of integers; " + takes
                    + ": use --format jsonl");
        }
    }

    private boolean integerInputs() {
        return FunctionCatalog.INTEGER.equals(chosen.input());
    }

    private boolean jsonInputs() {
        return FunctionCatalog.JSON.equals(chosen.input());
    }

    /** Integers and JSON values are checked line by line before the upload; text needs no check. */
    private void validate(Path file) throws CommandFailure {
        if (integerInputs()) {
            new InputFileValidator(InputLimits.parser(), InputLimits.MAX_INPUTS).validate(file);
        } else if (jsonInputs()) {
            new JsonLinesValidator(InputLimits.MAX_INPUTS).validate(file);
        }
    }

    /** The job's options, with a key of its own that every attempt to submit it sends. */
    private JobOptions job() {
        return new JobOptions(function, argsJson, chunk, taskTimeout == null ? null : taskTimeout.strip(),
                UUID.randomUUID().toString());
    }

    /**
     * Posts the job to the master in use, and to the next while a master fails before answering
     * (connection refused or reset) or answers 503; any other answer is final. The body can be
     * sent again: every publisher here reads its source afresh. Every attempt sends the same
     * {@code Idempotency-Key}, so a connection that breaks after a master took the job but before
     * its answer arrived costs no second job: the next attempt is answered with the first one.
     */
    private String submit(MasterFailover masters) throws IOException, InterruptedException, CommandFailure {
        try {
            JobOptions job = job();
            if (source.range != null) {
                return masters.call(client -> client.submitRange(job, source.range.from(), source.range.to()));
            }
            if (source.input != null) {
                // Streamed from the file as it is sent: JSON functions' lines as JSON Lines, the rest as text.
                HttpRequest.BodyPublisher lines = HttpRequest.BodyPublishers.ofFile(source.input);
                return masters.call(client -> client.submitLines(job, jsonInputs(), lines));
            }
            RandomSpec random = source.random;
            if (!noProgress && !random.seeded()) {
                stderr.println("random inputs: " + Formats.grouped(random.count()) + " integers, seed "
                        + random.seed() + " (--random " + random.count() + ":" + random.seed() + " repeats them)");
            }
            HttpRequest.BodyPublisher lines = HttpRequest.BodyPublishers.ofInputStream(random::open);
            return masters.call(client -> client.submitLines(job, false, lines));
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

    /**
     * Streams the results to their destination; returns its name. Square's results are the
     * benchmark's hot path and are taken as they come; any other function's must be one line per
     * input, or the file is not put in place.
     */
    private String writeResults(MasterFailover masters, JobStatus status)
            throws IOException, InterruptedException, CommandFailure {
        long expected = FunctionCatalog.isSquare(function) ? ResultsDelivery.UNCOUNTED : status.total();
        return new ResultsDelivery(masters, master, stdout, stderr).deliver(status.id(), format, out, false, expected);
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
