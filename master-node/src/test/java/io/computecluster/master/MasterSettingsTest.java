package io.computecluster.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigError;
import io.computecluster.common.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MasterSettingsTest {

    @Test
    void autoLimitsFollowTheMaximumHeap() {
        MasterSettings settings = MasterSettings.from(ConfigLoader.defaults(Map.of()));
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals((long) (heap / 3.0 / 8), settings.maxRangeSize());
        assertEquals((long) (heap / 4.0 / 8), settings.retainedInputs());
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
}
