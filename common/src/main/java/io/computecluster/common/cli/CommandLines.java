package io.computecluster.common.cli;

import java.io.PrintStream;
import picocli.CommandLine;

/**
 * The conventions every command of the project shares: a usage error is one line on stderr,
 * {@code error: <what> (see --help)}, and exit code 2.
 */
public final class CommandLines {
    /** Exit code for bad usage or bad input. */
    public static final int EXIT_USAGE = 2;

    private CommandLines() {
    }

    /** Prints a parameter error as one line and answers {@link #EXIT_USAGE}. */
    public static CommandLine.IParameterExceptionHandler usageErrors(PrintStream err) {
        return (e, args) -> {
            String message = oneLine(e.getMessage());
            // Some picocli messages bring their own "Error: " prefix.
            if (message.regionMatches(true, 0, "error: ", 0, 7)) {
                message = message.substring(7);
            }
            err.println("error: " + message + " (see --help)");
            return EXIT_USAGE;
        };
    }

    /** The message with its line breaks folded, so that an error stays one line. */
    public static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
