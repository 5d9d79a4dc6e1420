package io.computecluster.master.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputMeterTest {
    private static final Instant T0 = Instant.parse("2026-11-22T15:00:00Z");

    @Test
    void ratesAreAveragedOverTheWindowPerNodeAndOverall() {
        ThroughputMeter meter = new ThroughputMeter(10);
        meter.sample(T0);
        meter.recorded("a", 1000);
        meter.recorded("b", 3000);
        meter.sample(T0.plusSeconds(1));
        meter.recorded("a", 1000);
        meter.sample(T0.plusSeconds(2));

        assertEquals(2500, meter.tasksPerSecond());
        assertEquals(1000, meter.tasksPerSecond("a"));
        assertEquals(1500, meter.tasksPerSecond("b"));
        assertEquals(0, meter.tasksPerSecond("unknown"));
        assertEquals(2000, meter.done("a"));
        assertEquals(5000, meter.total());
    }

    @Test
    void oldSnapshotsLeaveTheWindowSoAnIdleClusterDropsToZero() {
        ThroughputMeter meter = new ThroughputMeter(100);
        meter.sample(T0);
        meter.recorded("a", 10_000);
        for (int second = 1; second <= 10; second++) {
            meter.sample(T0.plusSeconds(second));
        }
        assertEquals(0, meter.tasksPerSecond());
        assertEquals(0, meter.tasksPerSecond("a"));
        assertEquals(10_000, meter.done("a"));
    }

    @Test
    void historyHasOneSamplePerTickOldestFirstAndIsBounded() {
        ThroughputMeter meter = new ThroughputMeter(3);
        meter.sample(T0);
        for (int second = 1; second <= 5; second++) {
            meter.recorded("a", second * 100L);
            meter.sample(T0.plusSeconds(second));
        }
        List<ThroughputMeter.Sample> history = meter.history();
        assertEquals(List.of(
                new ThroughputMeter.Sample(T0.plusSeconds(3), 300),
                new ThroughputMeter.Sample(T0.plusSeconds(4), 400),
                new ThroughputMeter.Sample(T0.plusSeconds(5), 500)), history);
    }

    @Test
    void aForgottenNodeHasNoCountsLeft() {
        ThroughputMeter meter = new ThroughputMeter(10);
        meter.recorded("a", 5);
        meter.forget("a");
        assertEquals(0, meter.done("a"));
        assertEquals(5, meter.total());
    }

    @Test
    void noRateBeforeTwoSamples() {
        ThroughputMeter meter = new ThroughputMeter(10);
        meter.recorded("a", 5);
        assertEquals(0, meter.tasksPerSecond());
        meter.sample(T0);
        assertEquals(0, meter.tasksPerSecond());
        assertEquals(List.of(), meter.history());
    }
}
