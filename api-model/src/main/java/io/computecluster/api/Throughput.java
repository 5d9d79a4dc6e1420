package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What {@code GET /cluster/throughput} answers: the cluster's last minutes of tasks per second, oldest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Throughput(int intervalSeconds, List<Sample> samples) {

    public Throughput {
        samples = samples == null ? List.of() : samples;
    }

    /** The tasks per second over the interval that ended {@code at} (ISO-8601). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sample(String at, long tasksPerSecond) {
    }
}
