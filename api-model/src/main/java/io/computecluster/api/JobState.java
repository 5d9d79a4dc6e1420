package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The life-cycle states of a job as the API reports them. */
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
    CANCELLED,
    /**
     * A state this reader does not know (a newer master), when read with
     * {@code READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE}; treated as still running. A master
     * never sends it.
     */
    @JsonEnumDefaultValue
    UNKNOWN;

    /** Whether the job has ended and will not change any more. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
