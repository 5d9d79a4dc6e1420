package io.computecluster.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigError;
import io.computecluster.common.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

    @Test
    void theWindowHoldsEnoughSmallChunksAndAtLeastTheMinimumOfLargeOnes() {
        WorkerSettings settings = WorkerSettings.from(ConfigLoader.defaults(Map.of(
                "compute.worker.window", 2, "compute.worker.max-window", 64, "compute.worker.inputs-in-flight", 10_000)));
        assertEquals(64, settings.windowFor(1), "capped at max-window");
        assertEquals(10, settings.windowFor(1000));
        assertEquals(4, settings.windowFor(3000), "rounded up");
        assertEquals(2, settings.windowFor(10_000));
        assertEquals(2, settings.windowFor(1_000_000), "never below window");
    }

    @Test
    void defaultsAreValidAndWorkersDefaultToTheProcessors() {
        WorkerSettings settings = WorkerSettings.from(ConfigLoader.defaults(Map.of()));
        assertEquals(Runtime.getRuntime().availableProcessors(), settings.workers());
        assertTrue(settings.maxWindow() >= settings.window());
    }

    @Test
    void aMaxWindowBelowTheWindowIsRefusedNamingTheKey() {
        ConfigError error = assertThrows(ConfigError.class, () -> WorkerSettings.from(ConfigLoader.defaults(Map.of(
                "compute.worker.window", 8, "compute.worker.max-window", 4))));
        assertTrue(error.getMessage().contains("compute.worker.max-window"), error.getMessage());
    }
}
