package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What {@code GET /jobs} answers: the jobs the master knows, newest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobList(List<JobStatus> jobs) {
    public JobList {
        jobs = jobs == null ? List.of() : jobs;
    }
}
