package io.computecluster.client;

import io.computecluster.api.FunctionList;
import io.computecluster.common.cli.Version;
import io.computecluster.compute.http.ApiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code compute functions}: the functions the workers offer ({@code GET /functions}), as a table. */
@Command(name = "functions", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Lists the functions the workers offer, each version with the nodes offering it now.",
                "Exit codes: 0 done, 2 bad usage, 4 master unreachable, 1 other."})
final class FunctionsCommand implements Callable<Integer> {
    @Mixin
    MasterApiOptions master;

    @Mixin
    JsonOption json;

    @Mixin
    HelpOptions help;

    private final PrintStream stdout;
    private final PrintStream stderr;

    FunctionsCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        FunctionList functions = new MasterCalls(master, stderr).call(ApiClient::functions);
        if (json.enabled()) {
            JsonOption.print(functions, stdout);
        } else {
            stdout.print(StatusReport.functions(functions));
            stdout.flush();
        }
        return ExitCode.OK;
    }
}
