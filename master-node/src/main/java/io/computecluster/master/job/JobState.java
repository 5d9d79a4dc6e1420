package io.computecluster.master.job;

/** Where a job is in its life. */
public enum JobState {
    /** Accepted; no chunk handed to a worker yet. */
    QUEUED,
    /** Chunks are being computed. */
    RUNNING,
    /** Every input has its result. */
    SUCCEEDED,
    /** Every input was tried; some failed after their retries (the rest have results). */
    FAILED,
    /** Stopped by a user; work in flight was dropped. */
    CANCELLED;

    public boolean isEnded() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
