package io.computecluster.benchmarks.cluster;

import io.computecluster.common.cli.CommandLines;
import io.computecluster.common.cli.Version;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench/run}: starts a fresh cluster of W worker JVMs for each W, measures the figures on it
 * (throughput with chunk size 1 and default chunking, latency, a new worker's first chunk, peak
 * memory), runs the Python seed beside it, and writes a markdown table and the raw numbers.
 */
@Command(name = "bench/run", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Benchmarks the cluster (master and worker JVMs on 127.0.0.1) against the",
                "Python seed design; prints a markdown table and writes it, with the raw",
                "numbers as JSON, to --out/<yyyyMMdd-HHmmss>.md and .json.",
                "Figures: 1 chunk1, 2 file, 3 discard, 4 latency, 5 newworker, 6 memory,",
                "7 python."})
public final class ClusterBench implements Callable<Integer> {
    /** Figure names for {@code --only}, in the order they run; a figure's number is an alias. */
    static final List<String> FIGURES = List.of("chunk1", "file", "discard", "latency", "newworker", "memory",
            "python");

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Runs of each figure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--workers", paramLabel = "W", split = ",", defaultValue = "1,2",
            description = "Worker JVM counts, one fresh cluster each (default: ${DEFAULT-VALUE}).")
    List<Integer> workerCounts;

    @Option(names = "--only", paramLabel = "FIGURE", split = ",",
            description = "Only these figures, e.g. latency,chunk1 (default: all).")
    List<String> only;

    @Option(names = "--baseline", paramLabel = "DIR",
            description = "The Python seed's folder (default: <repo>/../shared/anchors/python-seed).")
    Path baseline;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default: <repo>/bench/results).")
    Path out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Spec
    CommandSpec spec;

    private final PrintStream stdout;
    private final PrintStream log;
    private volatile BenchCluster current;
    /** Set by the shutdown hook (Ctrl-C, SIGTERM): the measurements stop and no report is written. */
    private volatile boolean stopping;

    ClusterBench(PrintStream stdout, PrintStream log) {
        this.stdout = stdout;
        this.log = log;
    }

    public static void main(String[] args) {
        ClusterBench bench = new ClusterBench(System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopEverything, "bench-stopper"));
        CommandLine commandLine = new CommandLine(bench);
        commandLine.setOut(new PrintWriter(System.out, true));
        commandLine.setErr(new PrintWriter(System.err, true));
        commandLine.setParameterExceptionHandler(CommandLines.usageErrors(System.err));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof InterruptedException || bench.stopping) {
                System.err.println("error: interrupted; every JVM the benchmark started was stopped");
            } else {
                String message = e.getMessage() == null || e instanceof RuntimeException
                        ? e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        : e.getMessage();
                System.err.println("error: " + CommandLines.oneLine(message));
            }
            return 1;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Set<String> figures = figures();
        if (runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1, got " + runs);
        }
        for (int workers : workerCounts) {
            if (workers < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--workers takes counts of at least 1, got " + workers);
            }
        }
        long startNanos = System.nanoTime();
        Path home = Path.of(System.getProperty("compute.home", "")).toAbsolutePath().normalize();
        Path jar = home.resolve("dist/target/compute-cluster.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing (bench/run builds it; or run mvn -DskipTests package)");
        }
        Path seedDir = (baseline != null ? baseline : home.resolve("../shared/anchors/python-seed"))
                .toAbsolutePath().normalize();
        Path outDir = (out != null ? out : home.resolve("bench/results")).toAbsolutePath().normalize();
        String stamp = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path work = home.resolve("target/bench/" + stamp);
        Files.createDirectories(work);
        Files.createDirectories(outDir);

        List<String> header = new ArrayList<>();
        header.add("date: " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx")));
        header.add("machine: " + machine());
        header.add("git commit: " + gitCommit(home));
        String loadAtStart = load();
        header.add("options: --runs " + runs + " --workers " + workerCounts.stream().map(String::valueOf)
                .collect(Collectors.joining(",")) + " --only " + String.join(",", figures) + " --baseline " + seedDir
                + " --out " + outDir + "; JAVA_OPTS=" + blankAsNone(System.getenv("JAVA_OPTS")));
        Report report = new Report();
        notes(report, figures);

        PythonBaseline python = new PythonBaseline(seedDir, work, report, log);
        String pythonMissing = figures.contains("python") ? python.unavailable() : null;
        if (pythonMissing != null) {
            report.note("Python baseline skipped: " + pythonMissing + "; no ratios.");
            log.println("note: Python baseline skipped: " + pythonMissing);
        }
        for (int workers : workerCounts) {
            if (figures.contains("python") && pythonMissing == null) {
                for (int run = 1; run <= runs; run++) {
                    int r = run;
                    if (!attempt(report, workers, "python", () -> python.run(workers, r))) {
                        break;
                    }
                }
            }
            if (figures.stream().anyMatch(figure -> !figure.equals("python"))) {
                measureCluster(report, figures, workers, home, work.resolve("w" + workers));
            }
        }

        if (stopping) {
            throw new InterruptedException("stopped");
        }
        long minutes = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        header.add(String.format(Locale.ROOT, "duration: %d min %02d s; node logs and console output in %s",
                minutes / 60, minutes % 60, work));
        header.add("machine load: at start " + loadAtStart + "; at end " + load());
        String title = "Cluster benchmark " + stamp;
        String markdown = report.markdown(title, header);
        Path mdFile = outDir.resolve(stamp + ".md");
        Path jsonFile = outDir.resolve(stamp + ".json");
        Files.writeString(mdFile, markdown, StandardCharsets.UTF_8);
        Files.writeString(jsonFile, report.json(title, header), StandardCharsets.UTF_8);
        stdout.print(markdown);
        stdout.flush();
        log.println("wrote " + mdFile + " and " + jsonFile);
        List<String> failures = report.failures();
        if (!failures.isEmpty()) {
            log.println("error: " + failures.size() + " measurement" + (failures.size() == 1 ? "" : "s")
                    + " failed, the first: " + failures.get(0));
            return 1;
        }
        return 0;
    }

    private void measureCluster(Report report, Set<String> figures, int workers, Path home, Path logDir)
            throws InterruptedException {
        log.println("W=" + workers + ": starting a master and " + workers + " worker JVM" + (workers == 1 ? "" : "s")
                + " (logs in " + logDir + ")");
        long start = System.nanoTime();
        try (BenchCluster cluster = BenchCluster.start(home, logDir, workers, log)) {
            current = cluster;
            log.println(String.format(Locale.ROOT, "W=%d: cluster ready in %.1f s, API %s", workers,
                    (System.nanoTime() - start) / 1e9, cluster.api()));
            Measurements m = new Measurements(cluster, workers, home, logDir, report, log);
            Set<String> failed = new HashSet<>();
            Runner run = (figure, step) -> {
                if (failed.contains(figure)) {
                    return;
                }
                if (!attempt(report, workers, figure, step)) {
                    failed.add(figure);
                    cluster.checkAlive();
                }
            };
            if (figures.stream().anyMatch(Set.of("chunk1", "file", "discard", "latency")::contains)) {
                run.run("warm-up", m::warmUp);
            }
            if (figures.contains("file")) {
                boolean reset = figures.contains("memory") && m.resetPeakMemory();
                for (int r = 1; r <= runs; r++) {
                    int n = r;
                    run.run("file (2a bin/submit)", () -> m.fileBySubmit(n));
                    run.run("file (2b API)", () -> m.fileByApi(n));
                }
                if (figures.contains("memory")) {
                    run.run("memory", m::peakMemory);
                    if (!reset) {
                        report.note("W=" + workers + ": peak RSS could not be reset before figure 2 "
                                + "(/proc/PID/clear_refs refused): it covers the JVMs' whole life until then.");
                    }
                }
            }
            if (figures.contains("chunk1") || figures.contains("discard")) {
                for (int r = 1; r <= runs; r++) {
                    int n = r;
                    if (figures.contains("chunk1")) {
                        run.run("chunk1", () -> m.chunkSizeOne(n));
                    }
                    if (figures.contains("discard")) {
                        run.run("discard", () -> m.resultsDiscarded(n));
                    }
                }
            }
            if (figures.contains("latency")) {
                for (int r = 1; r <= runs; r++) {
                    int n = r;
                    run.run("latency", () -> m.latency(n, n == 1 ? Measurements.LATENCY_WARM_UP : 0));
                }
            }
            if (figures.contains("newworker")) {
                for (int r = 1; r <= runs; r++) {
                    int n = r;
                    run.run("newworker", () -> m.newWorker(n));
                }
            }
            log.println("W=" + workers + ": stopping the cluster");
        } catch (IOException e) {
            if (stopping) {
                throw new InterruptedException("stopped");
            }
            String message = "W=" + workers + ": " + describe(e);
            report.fail(message);
            log.println("error: " + message);
        } finally {
            current = null;
        }
    }

    /** One measurement step of the benchmark. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs a step of a figure unless that figure already failed on this cluster. */
    private interface Runner {
        void run(String figure, Step step) throws IOException, InterruptedException;
    }

    /** Runs a step; a failure is recorded and printed as one line, and answers false. */
    private boolean attempt(Report report, int workers, String figure, Step step) throws InterruptedException {
        if (stopping) {
            throw new InterruptedException("stopped");
        }
        try {
            step.run();
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (stopping) {
                throw new InterruptedException("stopped");
            }
            String message = "W=" + workers + " " + figure + ": " + describe(e);
            report.fail(message);
            log.println("error: " + message);
            return false;
        }
    }

    private Set<String> figures() {
        Set<String> figures = new LinkedHashSet<>();
        List<String> asked = only == null || only.isEmpty() ? FIGURES : only;
        for (String name : asked) {
            String figure = name.strip().toLowerCase(Locale.ROOT);
            if (figure.matches("[1-7]")) {
                figure = FIGURES.get(Integer.parseInt(figure) - 1);
            }
            if (figure.equals("all")) {
                figures.addAll(FIGURES);
            } else if (FIGURES.contains(figure)) {
                figures.add(figure);
            } else {
                throw new CommandLine.ParameterException(spec.commandLine(), "--only: unknown figure '" + name
                        + "'; expected some of " + String.join(", ", FIGURES));
            }
        }
        if (figures.contains("memory") && !figures.contains("file")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--only: memory is read after the figure-2 runs, so it needs file too");
        }
        // Run in the canonical order whatever order they were given in.
        Set<String> ordered = new LinkedHashSet<>();
        FIGURES.stream().filter(figures::contains).forEach(ordered::add);
        return ordered;
    }

    private static void notes(Report report, Set<String> figures) {
        if (figures.stream().allMatch("python"::equals)) {
            report.note("7: the Python seed only; no cluster was started.");
            return;
        }
        report.note("Each W gets a fresh cluster: master and worker JVMs started as bin/master and bin/worker "
                + "start them (default options, JAVA_OPTS only), all on 127.0.0.1, sharing the cores with this "
                + "driver.");
        report.note("Warm-up per cluster, untimed: a 1..20000 chunk-size-1 job and a 1..1000000 default-chunked "
                + "job. Each measured job is deleted (DELETE /jobs/{id}) after its run, so the master keeps at most "
                + "one 10M-input job's results at a time.");
        report.note("Throughput jobs wait with GET /jobs/{id}?wait=" + BenchHttp.WAIT_SECONDS + "s, asking again "
                + "after " + Measurements.POLL_PAUSE_MILLIS + " ms while the answer says the job still runs.");
        if (figures.contains("chunk1")) {
            report.note("1: tasks/s = 100000 / the job's elapsedMillis; the client row times POST to SUCCEEDED seen.");
        }
        if (figures.contains("file")) {
            report.note("2a: bin/submit from process start to exit (its JVM start included); its job part is "
                    + "finishedAt − submittedAt of the job in GET /jobs. 2b: POST to the result file closed (1 MiB "
                    + "buffer). Every result file is checked (10,000,000 lines, the last 10000000\\t100000000000000) "
                    + "and deleted.");
        }
        if (figures.contains("discard")) {
            report.note("3: as 2b, but the results stream is read and dropped (bytes and newlines counted).");
        }
        if (figures.contains("latency")) {
            report.note("4: " + Measurements.LATENCY_JOBS + " sequential single-input jobs per run (after "
                    + Measurements.LATENCY_WARM_UP + " untimed ones before the first run, so that the JIT has compiled the"
                    + " request path: the first thousands of a fresh master are slower), POST to results body read, "
                    + "status asked again at once while running, one keep-alive HTTP/1.1 client; nearest-rank "
                    + "percentiles per run, then median/min/max over the runs.");
        }
        if (figures.contains("newworker")) {
            report.note("5: while a job over 1.." + Measurements.NEW_WORKER_RANGE_TO + " (chunkSize "
                    + Measurements.NEW_WORKER_CHUNK + ") runs (another follows at once if it ends first), t0 is just "
                    + "before the new worker JVM starts and t1 "
                    + "when GET /jobs/{id} (asked every 10 ms) lists its node in workerNodes; then the job is "
                    + "cancelled, the worker stopped (SIGTERM) and the cluster is back to W workers before the next run.");
        }
        if (figures.contains("memory")) {
            report.note("6: VmHWM of /proc/PID/status, reset (clear_refs 5) after the warm-up and read after the "
                    + "figure-2 runs (2a and 2b, 10M inputs each).");
        }
        if (figures.contains("python")) {
            report.note("7: ratios compare chunk-size-1 rows with the Python seed's one-number-per-message median "
                    + "and default-chunking rows with its batch-500 median, at the same W.");
        }
        report.note("Targets are held against the W=2 medians.");
    }

    private static String machine() {
        String cpu = "unknown CPU";
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the rest still says something.
        }
        List<String> java = new ArrayList<>(BenchCluster.javaCommand().subList(0, 1));
        java.add("-version");
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", " + cpu
                + (memKb > 0 ? String.format(Locale.ROOT, ", %.0f GiB RAM", memKb / 1048576.0) : "")
                + "; " + firstLine(java, null);
    }

    /** The 1-minute load average and how many other JVMs (not started by this one) are running. */
    private static String load() {
        String average = "?";
        try {
            average = Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            // Not Linux.
        }
        Set<Long> ours = new HashSet<>();
        ours.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(process -> ours.add(process.pid()));
        long otherJvms = ProcessHandle.allProcesses()
                .filter(process -> !ours.contains(process.pid()))
                .filter(process -> process.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .count();
        return "load average " + average + ", " + otherJvms + " other JVM" + (otherJvms == 1 ? "" : "s") + " running";
    }

    private static String gitCommit(Path home) {
        String commit = firstLine(List.of("git", "rev-parse", "--short", "HEAD"), home);
        if (commit.startsWith("(")) {
            return "unknown " + commit;
        }
        String dirty = firstLine(List.of("git", "status", "--porcelain", "--untracked-files=no"), home);
        return commit + (dirty.isEmpty() ? "" : " (with uncommitted changes)");
    }

    /** The first line a command prints (stdout and stderr), "" when none, "(why)" when it cannot run. */
    private static String firstLine(List<String> command, Path dir) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            String line;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                line = reader.readLine();
                while (reader.readLine() != null) {
                    // drain
                }
            }
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "(" + String.join(" ", command) + " failed)";
            }
            return line == null ? "" : line.strip();
        } catch (IOException e) {
            return "(" + command.get(0) + " not found)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** One line for a failure: its message, or the first cause's, with the exception's name where it says little. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                String message = CommandLines.oneLine(t.getMessage());
                return t == e && t instanceof IOException ? message : t.getClass().getSimpleName() + ": " + message;
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String blankAsNone(String value) {
        return value == null || value.isBlank() ? "(none)" : value;
    }

    /**
     * The shutdown hook: stops the current cluster in order, then every other process this JVM
     * started and their children (bin/submit, Python): SIGTERM, then SIGKILL after 10 s.
     */
    void stopEverything() {
        stopping = true;
        BenchCluster cluster = current;
        if (cluster != null) {
            cluster.close();
        }
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + BenchCluster.STOP_GRACE.toNanos();
        for (ProcessHandle process : left) {
            long wait = Math.max(0, deadline - System.nanoTime());
            try {
                process.onExit().get(wait, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
    }

    /** For the tests: the figures {@code --only} names, in run order. */
    Set<String> parsedFigures() {
        return figures();
    }
}
