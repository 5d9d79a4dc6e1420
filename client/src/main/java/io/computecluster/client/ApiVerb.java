package io.computecluster.client;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A verb of {@code bin/compute} that asks the master something and shows the answer: the options
 * every such verb takes ({@code --api}, {@code --token-file}, {@code --json}, {@code --help}),
 * where its output goes, and the answer shown as a table or, with {@code --json}, as JSON.
 */
abstract class ApiVerb implements Callable<Integer> {
    @Mixin
    MasterApiOptions master;

    @Mixin
    JsonOption json;

    @Mixin
    HelpOptions help;

    final PrintStream stdout;
    final PrintStream stderr;
    /** The time zone of the times shown. */
    final ZoneId zone;

    ApiVerb(PrintStream stdout, PrintStream stderr, ZoneId zone) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.zone = zone;
    }

    /** Calls to the masters of {@code --api}, with the command's failures. */
    MasterCalls calls() throws CommandFailure {
        return new MasterCalls(master, stderr);
    }

    /** {@code answer} as JSON with {@code --json}, else {@code table}. */
    void show(Object answer, String table) {
        if (json.enabled()) {
            JsonOption.print(answer, stdout);
        } else {
            stdout.print(table);
            stdout.flush();
        }
    }
}
