package io.computecluster.common.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigLoader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When and how a node that has not joined says so. */
class SeedsUnansweredTest {
    private static final Instant START = Instant.parse("2026-11-23T12:00:01Z");
    private static final SeedsUnanswered.Settings SETTINGS =
            new SeedsUnanswered.Settings(Duration.ofSeconds(10), Duration.ofSeconds(30));

    @Test
    void oneLineAfterTheFirstDelayThenOneEveryInterval() {
        SeedsUnanswered unanswered = new SeedsUnanswered(List.of("10.0.0.5:25520"), START, SETTINGS, ZoneOffset.UTC);

        assertEquals(Optional.empty(), unanswered.check(START.plusSeconds(9)));
        assertTrue(unanswered.check(START.plusSeconds(10)).isPresent());
        assertEquals(Optional.empty(), unanswered.check(START.plusSeconds(11)));
        assertEquals(Optional.empty(), unanswered.check(START.plusSeconds(39)));
        assertTrue(unanswered.check(START.plusSeconds(40)).isPresent());
        assertEquals(Optional.empty(), unanswered.check(START.plusSeconds(41)));
    }

    @Test
    void theLineNamesTheSeedsSinceWhenAndWhatToCheck() {
        String one = new SeedsUnanswered(List.of("10.0.0.5:25520"), START, SETTINGS, ZoneOffset.UTC)
                .check(START.plusSeconds(12)).orElseThrow();
        assertTrue(one.startsWith("Not in a cluster yet: the seed node 10.0.0.5:25520 has not let this node join"
                + " since 12:00:01 (12 s). Check that a master runs at that address"), one);
        assertTrue(one.contains("--seed or COMPUTE_SEED_NODES") && one.contains("same CA"), one);

        String two = new SeedsUnanswered(List.of("10.0.0.5:25520", "10.0.0.6:25520"), START, SETTINGS, ZoneOffset.UTC)
                .check(START.plusSeconds(70)).orElseThrow();
        assertTrue(two.startsWith("Not in a cluster yet: none of the seed nodes 10.0.0.5:25520, 10.0.0.6:25520 has"
                + " let this node join since 12:00:01 (70 s)"), two);
    }

    @Test
    void theDefaultsAreTenSecondsThenThirty() {
        SeedsUnanswered.Settings defaults = SeedsUnanswered.Settings.from(ConfigLoader.defaults(Map.of()));
        assertEquals(SETTINGS, defaults);
    }
}
