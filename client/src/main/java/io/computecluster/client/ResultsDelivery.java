package io.computecluster.client;

import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.MasterFailover;
import io.computecluster.compute.http.MasterUnreachableException;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Writes a job's results where {@code --out} says (stdout by default), for {@code submit} and
 * {@code results}: a regular file appears only once complete, and only when it holds the lines
 * expected.
 */
final class ResultsDelivery {
    /** Lines not counted: the job's results are taken as they come. */
    static final long UNCOUNTED = -1;

    private final MasterFailover masters;
    private final MasterApiOptions options;
    private final PrintStream stdout;
    private final PrintStream stderr;

    ResultsDelivery(MasterFailover masters, MasterApiOptions options, PrintStream stdout, PrintStream stderr) {
        this.masters = masters;
        this.options = options;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Streams the results of job {@code jobId} in {@code format} (null: the job's default) to
     * {@code out} (null: stdout); with {@code follow}, of a job that may still run. With
     * {@code expectedLines} other than {@link #UNCOUNTED}, a different count of lines is a failure
     * and a file is not put in place. Returns the destination's name.
     */
    String deliver(String jobId, String format, String out, boolean follow, long expectedLines)
            throws IOException, InterruptedException, CommandFailure {
        boolean countLines = expectedLines != UNCOUNTED;
        try (ResultsOutput output = out == null ? ResultsOutput.toStdout(stdout) : open(out)) {
            try {
                long lines = follow ? output.follow(masters, jobId, format)
                        : output.download(masters, jobId, format, countLines);
                if (countLines && lines != expectedLines) {
                    throw new CommandFailure(ExitCode.FAILURE, "the results of job " + jobId + " have "
                            + Formats.grouped(lines) + " lines for " + Formats.grouped(expectedLines) + " inputs"
                            + (output.appearsOnCommit() ? "; " + output.describe() + " was not written" : ""));
                }
                output.commit();
            } catch (ApiException e) {
                if (e.status() == 401) {
                    throw options.refused(e);
                }
                throw new CommandFailure(ExitCode.FAILURE,
                        "cannot fetch the results of job " + jobId + ": " + e.error(), e);
            } catch (MasterUnreachableException e) {
                throw e;
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.FAILURE, "cannot write " + output.describe() + ": " + e.getMessage(), e);
            }
            return output.describe();
        }
    }

    private ResultsOutput open(String target) throws CommandFailure {
        try {
            return ResultsOutput.open(target, stdout, stderr);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
