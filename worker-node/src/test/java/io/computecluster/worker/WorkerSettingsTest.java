package io.computecluster.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void theTaskTimeoutMayBeOffAndTheResultLimitFollowsTheFrame() {
        WorkerSettings defaults = WorkerSettings.from(ConfigLoader.defaults(Map.of()));
        assertEquals(java.time.Duration.ofSeconds(60), defaults.taskTimeout());
        assertEquals(256 * 1024 - 64 * 1024, defaults.maxResultBytes(), "auto: Artery's frame less 64 KiB");
        WorkerSettings off = WorkerSettings.from(ConfigLoader.defaults(Map.of("compute.worker.task-timeout", "off",
                "pekko.remote.artery.advanced.maximum-frame-size", "8 MiB")));
        assertEquals(java.time.Duration.ZERO, off.taskTimeout());
        assertEquals(8 * 1024 * 1024 - 64 * 1024, off.maxResultBytes());
        ConfigError tooBig = assertThrows(ConfigError.class, () -> WorkerSettings.from(ConfigLoader.defaults(Map.of(
                "compute.worker.max-result-bytes", "1 MiB"))));
        assertTrue(tooBig.getMessage().contains("compute.worker.max-result-bytes"), tooBig.getMessage());
    }

    @Test
    void theProgressIntervalDefaultsToTenSecondsAndMustBePositive() {
        assertEquals(java.time.Duration.ofSeconds(10), WorkerSettings.from(ConfigLoader.defaults(Map.of()))
                .progressInterval());
        assertEquals(java.time.Duration.ofMillis(500), WorkerSettings.from(ConfigLoader.defaults(Map.of(
                "compute.worker.progress-interval", "500ms"))).progressInterval());
        for (String bad : new String[] {"0s", "-1s", "often"}) {
            ConfigError error = assertThrows(ConfigError.class, () -> WorkerSettings.from(ConfigLoader.defaults(
                    Map.of("compute.worker.progress-interval", bad))));
            assertTrue(error.getMessage().contains("compute.worker.progress-interval"), error.getMessage());
        }
    }

    @Test
    void theDefaultPluginFolderMayBeMissingButANamedOneMustExist(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        WorkerSettings defaults = WorkerSettings.from(ConfigLoader.defaults(Map.of()));
        assertEquals(false, defaults.pluginsGiven());
        assertTrue(defaults.plugins().endsWith("plugins"), defaults.plugins().toString());
        WorkerSettings named = WorkerSettings.from(ConfigLoader.defaults(Map.of("compute.worker.plugins",
                dir.toString())));
        assertEquals(dir, named.plugins());
        assertTrue(named.pluginsGiven());
        ConfigError missing = assertThrows(ConfigError.class, () -> WorkerSettings.from(ConfigLoader.defaults(Map.of(
                "compute.worker.plugins", dir.resolve("nope").toString()))));
        assertTrue(missing.getMessage().contains("compute.worker.plugins") && missing.getMessage().contains("nope"),
                missing.getMessage());
    }

    @Test
    void aWorkerNodeRejoinsByDefaultUnlessRejoinIsOffAndABadValueIsRefusedNamingTheKey() {
        WorkerRole role = new WorkerRole();
        assertTrue(role.rejoins(ConfigLoader.defaults(Map.of())));
        assertFalse(role.rejoins(ConfigLoader.defaults(Map.of(WorkerRole.REJOIN_KEY, "off"))));
        ConfigError error = assertThrows(ConfigError.class, () -> role.rejoins(ConfigLoader.defaults(Map.of(
                WorkerRole.REJOIN_KEY, "sometimes"))));
        assertTrue(error.getMessage().contains(WorkerRole.REJOIN_KEY) && error.getMessage().contains("on or off"),
                error.getMessage());
    }
}
