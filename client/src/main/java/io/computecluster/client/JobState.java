package io.computecluster.client;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The life-cycle states of a job as the master reports them. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** A state this client does not know (a newer master); treated as still running. */
    @JsonEnumDefaultValue
    UNKNOWN;

    /** Whether the job has ended and will not change any more. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
