package io.computecluster.client;

import io.computecluster.api.FunctionList;
import io.computecluster.common.cli.Version;
import io.computecluster.compute.http.ApiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import picocli.CommandLine.Command;

/** {@code compute functions}: the functions the workers offer ({@code GET /functions}), as a table. */
@Command(name = "functions", sortOptions = false, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = {"Lists the functions the workers offer, each version with the nodes offering it now.",
                "Exit codes: 0 done, 2 bad usage, 4 master unreachable, 1 other."})
final class FunctionsCommand extends ApiVerb {
    FunctionsCommand(PrintStream stdout, PrintStream stderr, ZoneId zone) {
        super(stdout, stderr, zone);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, CommandFailure {
        FunctionList functions = calls().call(ApiClient::functions);
        show(functions, StatusReport.functions(functions));
        return ExitCode.OK;
    }
}
