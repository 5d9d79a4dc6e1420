package io.computecluster.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * {@code --json}, a picocli mixin: a verb prints the API's answer as one JSON document on stdout
 * instead of its tables, for scripts. The answers are api-model's records, the very ones the master
 * writes, so the document has the API's fields in the API's order.
 */
final class JsonOption {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "Print the API's JSON answer (one document on stdout) instead of tables.")
    boolean json;

    boolean enabled() {
        return json;
    }

    /**
     * With {@code --json} the job's status takes stdout, so results written to stdout ({@code out}
     * null or {@code -}) would share it: a usage failure ending with {@code hint}.
     */
    void checkResultsOffStdout(String out, String hint) throws IOException, CommandFailure {
        if (json && (out == null || OutputTarget.of(out).kind() == OutputTarget.Kind.STDOUT)) {
            throw new CommandFailure(ExitCode.USAGE, "--json: the job's status goes to stdout; give --out FILE for"
                    + " the results" + hint);
        }
    }

    /** Writes {@code answer} as one line of JSON. */
    static void print(Object answer, PrintStream out) {
        try {
            out.println(JSON.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }
}
