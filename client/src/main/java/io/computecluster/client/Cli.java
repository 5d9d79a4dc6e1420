package io.computecluster.client;

import io.computecluster.common.cli.CommandLines;
import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.MasterUnreachableException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Runs a picocli command with the project's conventions: every error is one line on stderr
 * ({@code error: ...}) with the contract's exit code, and no stack trace unless
 * {@code COMPUTE_DEBUG=1}.
 */
final class Cli {
    private Cli() {
    }

    /** Parses {@code args}, runs the command and returns its exit code. */
    static int execute(Object command, String[] args, PrintStream out, PrintStream err) {
        return execute(new CommandLine(command), args, out, err);
    }

    /** As {@link #execute(Object, String[], PrintStream, PrintStream)}, for a command with its subcommands added. */
    static int execute(CommandLine commandLine, String[] args, PrintStream out, PrintStream err) {
        // Set after the subcommands are added, so that they get the same streams and handlers.
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler(CommandLines.usageErrors(err));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, err));
        return commandLine.execute(args);
    }

    /** Prints one line for {@code e} and returns the exit code it stands for. */
    static int report(Throwable e, PrintStream err) {
        if (debug()) {
            e.printStackTrace(err);
        }
        if (e instanceof CommandFailure failure) {
            err.println("error: " + failure.getMessage());
            return failure.exitCode();
        }
        if (e instanceof MasterUnreachableException unreachable) {
            err.println("error: " + unreachable.getMessage());
            return ExitCode.UNREACHABLE;
        }
        if (e instanceof ApiException api) {
            err.println("error: the master answered: " + api.error());
            return ExitCode.FAILURE;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return ExitCode.FAILURE;
        }
        Throwable shown = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = shown.getMessage();
        if (message == null || message.isBlank() || shown instanceof RuntimeException) {
            message = shown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        err.println("error: " + CommandLines.oneLine(message));
        return ExitCode.FAILURE;
    }

    private static boolean debug() {
        return "1".equals(System.getenv("COMPUTE_DEBUG"));
    }
}
