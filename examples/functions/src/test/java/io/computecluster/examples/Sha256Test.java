package io.computecluster.examples;

import static io.computecluster.examples.ThroughTheBridge.call;
import static io.computecluster.examples.ThroughTheBridge.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** sha256 through the bridge, checked against the JDK's MessageDigest and HexFormat. */
class Sha256Test {

    private static String expected(String input, int rounds) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String hex = HexFormat.of().formatHex(sha256.digest(input.getBytes(UTF_8)));
        for (int round = 2; round <= rounds; round++) {
            hex = HexFormat.of().formatHex(sha256.digest(hex.getBytes(UTF_8)));
        }
        return hex;
    }

    @Test
    void oneRoundIsTheHexDigestOfTheUtf8Bytes() throws Exception {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", text("sha256", null, ""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", text("sha256", null, "abc"));
        assertEquals(expected("grüße 🌍", 1), text("sha256", "{}", "grüße 🌍"));
        assertEquals(expected("abc", 1), text("sha256", "{\"rounds\":1}", "abc"));
    }

    @Test
    void eachRoundAfterTheFirstHashesTheHexOfThePrevious() throws Exception {
        for (int rounds : new int[] {2, 3, 10, 1023, 1024, 1025, 5000}) {
            assertEquals(expected("abc", rounds), text("sha256", "{\"rounds\":" + rounds + "}", "abc"), "rounds " + rounds);
        }
    }

    @Property(tries = 200)
    void anyTextAndRoundsMatchMessageDigest(@ForAll String input, @ForAll @IntRange(min = 1, max = 20) int rounds)
            throws Exception {
        // Unpaired surrogates travel as '?', so the expected digest is of what UTF-8 can carry.
        String carried = new String(input.getBytes(UTF_8), UTF_8);
        assertEquals(expected(carried, rounds), text("sha256", "{\"rounds\":" + rounds + "}", input));
    }

    @Test
    void theMostRoundsRunAndOneMoreIsRefusedNamingTheBound() throws Exception {
        long start = System.nanoTime();
        assertEquals(expected("x", 1_000_000), text("sha256", "{\"rounds\":1000000}", "x"));
        System.out.printf("sha256 with 1,000,000 rounds: %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertEquals("rounds must be from 1 to 1000000, got 1000001", assertThrows(IllegalArgumentException.class,
                () -> text("sha256", "{\"rounds\":1000001}", "x")).getMessage());
        assertEquals("rounds must be from 1 to 1000000, got 0", assertThrows(IllegalArgumentException.class,
                () -> text("sha256", "{\"rounds\":0}", "x")).getMessage());
    }

    @Test
    void argsThatAreNotRoundsFailTheInput() {
        assertEquals("args: unknown field 'round' (known: rounds)", assertThrows(IllegalArgumentException.class,
                () -> text("sha256", "{\"round\":3}", "x")).getMessage());
        String fraction = assertThrows(IllegalArgumentException.class,
                () -> text("sha256", "{\"rounds\":2.5}", "x")).getMessage();
        assertTrue(fraction.startsWith("args: rounds: "), fraction);
    }

    @Test
    void manyRoundsStopWhenCancelled() {
        assertThrows(CancellationException.class,
                () -> call("sha256", "{\"rounds\":1000000}", "x".getBytes(UTF_8), () -> true));
    }
}
