package io.computecluster.worker;

import com.typesafe.config.Config;
import io.computecluster.common.config.SettingsReader;
import java.time.Duration;

/**
 * Settings of a worker node, from {@code compute.worker.*}. A worker actor keeps between
 * {@code window} and {@code maxWindow} chunks at hand, enough for {@code inputsInFlight} inputs.
 */
public record WorkerSettings(int workers, int window, int maxWindow, int inputsInFlight, int maxTaskAttempts,
                             Duration masterAbsentTimeout) {

    /** Chunks to keep at hand for chunks of {@code chunkSize} inputs. */
    public int windowFor(int chunkSize) {
        long wanted = (inputsInFlight + (long) chunkSize - 1) / Math.max(1, chunkSize);
        return (int) Math.max(window, Math.min(maxWindow, wanted));
    }

    public static WorkerSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        int workers = reader.intBetween("compute.worker.workers", 0, 1024);
        int window = reader.intBetween("compute.worker.window", 1, 100_000);
        return new WorkerSettings(
                workers == 0 ? Runtime.getRuntime().availableProcessors() : workers,
                window,
                reader.intBetween("compute.worker.max-window", window, 100_000),
                reader.intBetween("compute.worker.inputs-in-flight", 1, 100_000_000),
                reader.intBetween("compute.worker.max-task-attempts", 1, 100),
                reader.positiveDuration("compute.worker.master-absent-timeout"));
    }
}
