package io.computecluster.master.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A key belongs to the first job that holds it, until that job is erased. */
class IdempotencyKeysTest {
    private final IdempotencyKeys keys = new IdempotencyKeys();

    @Test
    void theFirstJobWithAKeyHoldsItUntilItIsForgotten() {
        assertTrue(keys.add("k", "j-1"));
        assertFalse(keys.add("k", "j-2"), "a second job does not take a held key");
        assertTrue(keys.add("k", "j-1"), "adding the holder again changes nothing");
        assertEquals(Optional.of("j-1"), keys.jobOf("k"));

        keys.forget("j-2");
        assertEquals(Optional.of("j-1"), keys.jobOf("k"), "forgetting a job that holds nothing frees nothing");
        keys.forget("j-1");
        assertEquals(Optional.empty(), keys.jobOf("k"));
        assertEquals(0, keys.size());
        assertTrue(keys.add("k", "j-2"));
        assertEquals(Optional.of("j-2"), keys.jobOf("k"));
    }

    @Test
    void aJobWithoutAKeyHoldsNone() {
        assertFalse(keys.add(null, "j-1"));
        assertEquals(Optional.empty(), keys.jobOf(null));
        keys.forget("j-1");
        assertEquals(0, keys.size());
    }
}
