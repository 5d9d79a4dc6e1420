package io.computecluster.worker;

import com.typesafe.config.Config;
import io.computecluster.common.config.SettingsReader;
import java.time.Duration;

/** Settings of a worker node, from {@code compute.worker.*}. */
public record WorkerSettings(int workers, int window, int maxTaskAttempts, Duration masterAbsentTimeout) {

    public static WorkerSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        int workers = reader.intBetween("compute.worker.workers", 0, 1024);
        return new WorkerSettings(
                workers == 0 ? Runtime.getRuntime().availableProcessors() : workers,
                reader.intBetween("compute.worker.window", 1, 1000),
                reader.intBetween("compute.worker.max-task-attempts", 1, 100),
                reader.positiveDuration("compute.worker.master-absent-timeout"));
    }
}
