package io.computecluster.client;

import io.computecluster.api.JobStatus;
import java.io.PrintStream;

/** Shows a running job's progress on stderr while the client waits for it. */
interface Progress extends AutoCloseable {

    /** Called with each status the client polls. */
    void update(JobStatus status);

    /** Ends the display; called once the job has ended. */
    @Override
    void close();

    /** No display at all ({@code --no-progress}). */
    static Progress none() {
        return new Progress() {
            @Override
            public void update(JobStatus status) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The display for where stderr goes: a live bar on a terminal, a plain line every few seconds
     * into a file or pipe, nothing when disabled.
     */
    static Progress forJob(String jobId, boolean enabled, boolean terminal, PrintStream err) {
        if (!enabled) {
            return none();
        }
        return terminal ? new TerminalProgress(jobId, err) : new PlainProgress(jobId, err, System::nanoTime);
    }
}
