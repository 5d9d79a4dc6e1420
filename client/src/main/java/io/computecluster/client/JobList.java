package io.computecluster.client;

import java.util.List;

/** What {@code GET /jobs} answers: the jobs the master knows, newest first. */
record JobList(List<JobStatus> jobs) {
    JobList {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
