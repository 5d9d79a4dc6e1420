package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomSpecTest {

    @Test
    void parsesCountAndSeed() {
        assertEquals(new RandomSpec(1000, 42, true), RandomSpec.parse("1000:42"));
        assertEquals(new RandomSpec(3, -7, true), RandomSpec.parse("3:-7"));
        assertEquals(new RandomSpec(InputLimits.MAX_INPUTS, Long.MAX_VALUE, true),
                RandomSpec.parse(InputLimits.MAX_INPUTS + ":" + Long.MAX_VALUE));
    }

    @Test
    void withoutSeedPicksOne() {
        RandomSpec spec = RandomSpec.parse("10");
        assertEquals(10, spec.count());
        assertFalse(spec.seeded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "x", "10:", ":5", "10:y", "10:1:2", "1.5", "10000001",
        "99999999999999999999"})
    void rejectsBadSpecs(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomSpec.parse(text));
        assertTrue(e.getMessage().contains("N[:SEED]"), e.getMessage());
    }

    @Test
    void streamHoldsExactlyTheSeededLongs() throws IOException {
        byte[] text = new RandomSpec(10_000, 7, true).open().readAllBytes();
        List<String> lines = new String(text, StandardCharsets.US_ASCII).lines().toList();
        assertEquals(10_000, lines.size());
        SplittableRandom expected = new SplittableRandom(7);
        for (String line : lines) {
            assertEquals(expected.nextLong(), Long.parseLong(line));
        }
        assertArrayEquals(text, new RandomSpec(10_000, 7, true).open().readAllBytes(), "same seed, same inputs");
    }

    @Test
    void singleByteReadsSeeTheSameStream() throws IOException {
        byte[] all = new RandomSpec(50, 1, true).open().readAllBytes();
        try (RandomInputStream in = new RandomSpec(50, 1, true).open()) {
            for (byte b : all) {
                assertEquals(b & 0xff, in.read());
            }
            assertEquals(-1, in.read());
        }
    }
}
