package io.computecluster.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigError;
import io.computecluster.common.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterSettingsTest {

    @Test
    void autoLimitsAreBoundByTheStoreAndChunksByTheHeap() {
        MasterSettings settings = MasterSettings.from(ConfigLoader.defaults(Map.of()));
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals(1_000_000_000L, settings.maxRangeSize(), "results are in the job store, not the heap");
        assertEquals((long) (heap / 4.0 / 8), settings.retainedInputs(), "a quarter of the heap");
        assertEquals((long) (heap / 3.0 / 16), settings.maxChunks(), "16 bytes a chunk in a third of the heap");
        assertEquals(8L << 20, settings.resultCacheBytes());
        assertEquals((long) (heap / 3.0 / 8), settings.maxRunningListInputs(), "lists of running jobs: a third");
    }

    @Test
    void explicitLimitsAreKept() {
        MasterSettings settings = MasterSettings.from(ConfigLoader.defaults(Map.of(
                "compute.master.max-range-size", 1234, "compute.master.retained-inputs", 0)));
        assertEquals(1234, settings.maxRangeSize());
        assertEquals(0, settings.retainedInputs());
    }

    @Test
    void aLimitThatIsNeitherANumberNorAutoNamesTheKey() {
        ConfigError error = assertThrows(ConfigError.class, () -> MasterSettings.from(ConfigLoader.defaults(Map.of(
                "compute.master.max-range-size", "lots"))));
        assertTrue(error.getMessage().contains("compute.master.max-range-size"), error.getMessage());
    }

    @Test
    void noTokenFileMeansAnOpenApi() {
        MasterSettings settings = MasterSettings.from(ConfigLoader.defaults(Map.of()));
        assertTrue(settings.apiToken().isEmpty());
        assertEquals(16, settings.maxRunningJobs());
    }

    @Test
    void theTokenIsReadTrimmedAndALooseFileIsNoticed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "  s3cret-token\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        MasterSettings settings = MasterSettings.from(ConfigLoader.defaults(Map.of(
                "compute.master.api.token-file", file.toString())));
        assertEquals(file, settings.apiToken().orElseThrow().file());
        assertTrue(settings.apiToken().get().readableByOthers());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertFalse(settings.apiToken().get().readableByOthers());
    }

    @Test
    void anEmptyOrMissingTokenFileStopsTheMasterNamingTheFileAndKey(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty-token"), " \n");
        Path missing = dir.resolve("no-such-token");
        for (Path file : new Path[] {empty, missing}) {
            ConfigError error = assertThrows(ConfigError.class, () -> MasterSettings.from(ConfigLoader.defaults(
                    Map.of("compute.master.api.token-file", file.toString()))));
            assertTrue(error.getMessage().contains("compute.master.api.token-file"), error.getMessage());
            assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
            assertEquals(1, error.getMessage().lines().count(), error.getMessage());
        }
    }
}
