package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A key is 1 to 255 visible ASCII characters; anything else is one clear error line. */
class IdempotencyKeyTest {

    @Test
    void visibleAsciiKeysUpTo255CharactersAreTaken() {
        assertEquals(Optional.empty(), IdempotencyKey.parse(Optional.empty()));
        assertEquals(Optional.of("!"), IdempotencyKey.parse(Optional.of("!")));
        String visible = "abc-XYZ_0.9~{}\"'/:~";
        assertEquals(Optional.of(visible), IdempotencyKey.parse(Optional.of(visible)));
        String longest = "k".repeat(255);
        assertEquals(Optional.of(longest), IdempotencyKey.parse(Optional.of(longest)));
    }

    @Test
    void anEmptyOrLongKeyOrOneWithOtherCharactersIsRefused() {
        assertRefused("", "got 0 characters");
        assertRefused("k".repeat(300), "got 300 characters");
        assertRefused("two words", "got character U+0020 at position 4");
        assertRefused("tab\tkey", "got character U+0009 at position 4");
        assertRefused("clé", "got character U+00E9 at position 3");
        assertRefused("del\u007f", "got character U+007F at position 4");
    }

    private static void assertRefused(String key, String got) {
        ApiError error = assertThrows(ApiError.class, () -> IdempotencyKey.parse(Optional.of(key)));
        assertEquals(400, error.status.intValue());
        assertEquals("Idempotency-Key: expected 1 to 255 visible ASCII characters, " + got, error.getMessage());
    }
}
