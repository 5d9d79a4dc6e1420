package io.computecluster.master.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobReporterTest {

    @Test
    void chunkIdsAreLoggedAsRanges() {
        assertEquals("", JobReporter.ranges(List.of()));
        assertEquals("7", JobReporter.ranges(List.of(7)));
        assertEquals("0-2, 5, 7-8, 10", JobReporter.ranges(List.of(0, 1, 2, 5, 7, 8, 10)));
    }
}
