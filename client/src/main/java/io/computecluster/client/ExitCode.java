package io.computecluster.client;

/** The exit codes every command of the project uses, as the user-facing contract lists them. */
public final class ExitCode {
    public static final int OK = 0;
    /** Anything not covered below. */
    public static final int FAILURE = 1;
    /** Bad usage or bad input: the message names the option, or the file and line. */
    public static final int USAGE = 2;
    /** The job ran and some of its inputs failed. */
    public static final int JOB_FAILED = 3;
    /** The master or the cluster could not be reached. */
    public static final int UNREACHABLE = 4;

    private ExitCode() {
    }
}
