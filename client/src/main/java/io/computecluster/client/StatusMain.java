package io.computecluster.client;

import io.computecluster.api.ClusterStatus;
import io.computecluster.api.FunctionList;
import io.computecluster.common.cli.Version;
import io.computecluster.compute.http.ApiClient;
import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.MasterFailover;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/status}: the cluster's members, worker nodes, functions and jobs from the master's HTTP API, as
 * plain-text tables, once or redrawn every few seconds.
 */
@Command(name = "status", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Shows the cluster: its members, worker nodes, functions and jobs.",
                "As tables from the master's HTTP API; with --json, GET /cluster's answer.",
                "Exit codes: 0 done, 2 bad usage, 4 master unreachable, 1 other."})
public final class StatusMain implements Callable<Integer> {
    /** Moves the cursor home and clears the screen (ANSI). */
    static final String CLEAR_SCREEN = "\033[H\033[2J";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    @Mixin
    MasterApiOptions master;

    @Option(names = "--watch", paramLabel = "SECONDS", converter = PositiveIntConverter.class,
            description = "Redraw every SECONDS seconds until Ctrl-C.")
    Integer watch;

    @Mixin
    JsonOption json;

    @Mixin
    HelpOptions help;

    /** Waits between two redraws; an interruption ends the watch. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean terminal;
    private final Clock clock;
    private final Pause pause;

    StatusMain(PrintStream stdout, PrintStream stderr, boolean terminal, Clock clock, Pause pause) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.terminal = terminal;
        this.clock = clock;
        this.pause = pause;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.console() != null, Clock.systemDefaultZone(),
                duration -> Thread.sleep(duration.toMillis()), args));
    }

    static int run(PrintStream stdout, PrintStream stderr, boolean terminal, Clock clock, Pause pause,
                   String... args) {
        return Cli.execute(new StatusMain(stdout, stderr, terminal, clock, pause), args, stdout, stderr);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        if (json.enabled()) {
            return printJson();
        }
        MasterFailover masters = master.masters(stderr);
        // The first answer decides the exit code: a wrong URL fails at once, even with --watch.
        String report;
        try {
            report = report(masters);
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw master.refused(e);
            }
            throw e;
        }
        if (watch == null) {
            stdout.print(report);
            stdout.flush();
            return ExitCode.OK;
        }
        Duration interval = Duration.ofSeconds(watch);
        while (true) {
            draw(masters.inUse().api(), report);
            try {
                pause.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.OK;
            }
            report = reportOrWhyNot(masters);
        }
    }

    /** The cluster as {@code GET /cluster} answers it, once: scripts poll for themselves. */
    private int printJson() throws IOException, InterruptedException, CommandFailure {
        if (watch != null) {
            throw new CommandFailure(ExitCode.USAGE, "--json prints the cluster once: leave out --watch");
        }
        JsonOption.print(new MasterCalls(master, stderr).call(ApiClient::cluster), stdout);
        return ExitCode.OK;
    }

    private String report(MasterFailover masters) throws IOException, InterruptedException {
        ClusterStatus cluster = masters.call(ApiClient::cluster);
        FunctionList functions = functions(masters);
        return StatusReport.format(cluster, functions, masters.call(ApiClient::jobs), clock.getZone());
    }

    /** The functions the workers offer; null from a master too old to list them. */
    private static FunctionList functions(MasterFailover masters) throws IOException, InterruptedException {
        try {
            return masters.call(ApiClient::functions);
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** While watching, a master that stops answering is shown, and asked again next time. */
    private String reportOrWhyNot(MasterFailover masters) throws InterruptedException {
        try {
            return report(masters);
        } catch (ApiException e) {
            return "error: the master answered: " + e.error() + againIn();
        } catch (IOException e) {
            return "error: " + e.getMessage() + againIn();
        }
    }

    private String againIn() {
        return " (asking again in " + watch + " s)" + System.lineSeparator();
    }

    private void draw(URI api, String report) {
        String title = "Cluster at " + api + ", " + TIME.format(clock.instant().atZone(clock.getZone()))
                + " (every " + watch + " s; Ctrl-C stops)" + System.lineSeparator() + System.lineSeparator();
        // One write per frame, so that a terminal never shows half of one.
        stdout.print((terminal ? CLEAR_SCREEN : System.lineSeparator()) + title + report);
        stdout.flush();
    }
}
