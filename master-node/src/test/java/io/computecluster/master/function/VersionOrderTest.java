package io.computecluster.master.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {

    @Test
    void versionsSortAsPeopleReadThem() {
        List<String> versions = new ArrayList<>(List.of("1.10.0", "1.9.2", "2.0", "2.0-rc1", "1.9", "0", "1.9.2-SNAPSHOT"));
        versions.sort(VersionOrder.INSTANCE);
        assertEquals(List.of("0", "1.9", "1.9.2-SNAPSHOT", "1.9.2", "1.10.0", "2.0-rc1", "2.0"), versions);
    }

    @Test
    void equalVersionsCompareEqual() {
        assertEquals(0, VersionOrder.INSTANCE.compare("3.1.4", "3.1.4"));
        assertEquals(0, VersionOrder.INSTANCE.compare("built-in", "built-in"));
    }
}
