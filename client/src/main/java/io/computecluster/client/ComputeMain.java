package io.computecluster.client;

import io.computecluster.common.cli.Version;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bin/compute VERB}: one command with verbs for everything a user does with the cluster:
 * submit, status, jobs, results, cancel, functions, cluster, and shell completion.
 * {@code bin/submit} and {@code bin/status} are the short forms of {@code compute submit} and
 * {@code compute cluster}.
 */
@Command(name = "compute", usageHelpAutoWidth = true, versionProvider = Version.class,
        synopsisSubcommandLabel = "VERB",
        description = {"Submits jobs to the cluster's master and asks it about jobs, functions and the cluster.",
                "Every verb takes --api URL[,URL...], --token-file FILE, --json and --help.",
                "Exit codes: 0 done, 2 bad usage or input, 3 job failed, 4 master unreachable, 1 other."})
public final class ComputeMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOptions help;

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.console() != null, Clock.systemDefaultZone(), args));
    }

    static int run(PrintStream stdout, PrintStream stderr, boolean terminal, Clock clock, String... args) {
        return Cli.execute(commandLine(stdout, stderr, terminal, clock), args, stdout, stderr);
    }

    /** The command with its verbs; {@code clock} gives the time zone of the times shown. */
    static CommandLine commandLine(PrintStream stdout, PrintStream stderr, boolean terminal, Clock clock) {
        ZoneId zone = clock.getZone();
        CommandLine compute = new CommandLine(new ComputeMain());
        compute.addSubcommand("submit", new SubmitMain(stdout, stderr, terminal));
        compute.addSubcommand("status", new JobStatusCommand(stdout, stderr, zone));
        compute.addSubcommand("jobs", new JobsCommand(stdout, stderr, zone));
        compute.addSubcommand("results", new ResultsCommand(stdout, stderr, zone));
        compute.addSubcommand("cancel", new CancelCommand(stdout, stderr, zone));
        compute.addSubcommand("functions", new FunctionsCommand(stdout, stderr, zone));
        CommandLine cluster = new CommandLine(new StatusMain(stdout, stderr, terminal, clock,
                duration -> Thread.sleep(duration.toMillis())));
        // bin/status's command, named as the verb here.
        cluster.getCommandSpec().name("cluster");
        compute.addSubcommand("cluster", cluster);
        compute.addSubcommand("completion", new AutoComplete.GenerateCompletion());
        return compute;
    }

    /** {@code compute} alone: a verb is required. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a verb: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
