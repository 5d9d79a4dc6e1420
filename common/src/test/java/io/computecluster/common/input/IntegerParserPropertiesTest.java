package io.computecluster.common.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.computecluster.common.numbers.Numbers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Hostile and random input to the integer parser (the master's text bodies, the client's input
 * files): it refuses with {@link InputException} and one printable line, or parses exactly;
 * never another exception, never a hang.
 */
class IntegerParserPropertiesTest {
    private static final int MAX_DIGITS = 50;
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private final IntegerParser parser = new IntegerParser(MAX_DIGITS);

    @Property(tries = 500)
    void anyTextIsParsedOrRefusedWithOneLine(@ForAll @StringLength(max = 200) String text) {
        assertTimeoutPreemptively(PATIENCE, () -> {
            try {
                BigInteger value = parser.parse(text);
                assertEquals(new BigInteger(text.strip()), value, "what was accepted is a decimal integer");
            } catch (InputException e) {
                assertOneLine(e.getMessage());
            }
        });
    }

    @Property(tries = 300)
    void decimalIntegersWithinTheLimitParseExactly(@ForAll("integers") String text) {
        try {
            assertEquals(new BigInteger(text.strip()), parser.parse(text));
        } catch (InputException e) {
            fail(text + " was refused: " + e.getMessage());
        }
    }

    @Property(tries = 200)
    void integersPastTheDigitLimitAreRefusedAsOverTheLimit(@ForAll("tooLong") String text) {
        try {
            parser.parse(text);
            fail("accepted " + text.length() + " characters");
        } catch (InputException e) {
            assertTrue(e.overLimit(), e.getMessage());
            assertTrue(e.getMessage().contains("at most " + MAX_DIGITS), e.getMessage());
            assertOneLine(e.getMessage());
        }
    }

    @Property(tries = 300)
    void randomBytesAsAnInputFileAreParsedOrRefusedWithTheirLine(@ForAll @Size(max = 2000) byte[] bytes) {
        assertTimeoutPreemptively(PATIENCE, () -> {
            // As the master reads a text body: malformed UTF-8 becomes U+FFFD and a bad line.
            InputStreamReader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
            try {
                Numbers numbers = parser.parseLines(reader, 100);
                assertTrue(numbers.size() >= 1 && numbers.size() <= 100);
            } catch (InputException e) {
                assertOneLine(e.getMessage());
                assertTrue(e.line() >= 0);
            } catch (IOException e) {
                fail("an in-memory reader does not fail: " + e);
            }
        });
    }

    @Property(tries = 200)
    void linesOfIntegersAndBlanksParseInOrder(@ForAll("lines") List<String> lines) throws Exception {
        String file = String.join("\n", lines);
        List<String> integers = lines.stream().filter(line -> !line.isBlank()).toList();
        try {
            Numbers numbers = parser.parseLines(new StringReader(file), 1000);
            assertFalse(integers.isEmpty());
            for (int i = 0; i < integers.size(); i++) {
                assertEquals(new BigInteger(integers.get(i).strip()), numbers.bigAt(i));
            }
        } catch (InputException e) {
            assertTrue(integers.isEmpty(), e.getMessage());
            assertEquals("no integers: a job needs at least one input", e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> integers() {
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(MAX_DIGITS);
        Arbitrary<String> space = Arbitraries.of("", " ", "\t", "  ");
        return Combinators.combine(space, sign, digits, space).as((a, s, d, b) -> a + s + d + b);
    }

    @Provide
    Arbitrary<String> tooLong() {
        return Combinators.combine(Arbitraries.of("", "-"),
                        Arbitraries.strings().numeric().ofMinLength(MAX_DIGITS + 1).ofMaxLength(MAX_DIGITS * 20))
                .as((sign, digits) -> sign + digits);
    }

    @Provide
    Arbitrary<List<String>> lines() {
        return Arbitraries.oneOf(integers(), Arbitraries.of("", " ", "\t")).list().ofMaxSize(50);
    }

    /** A refusal a terminal prints as one line: no line breaks or other control characters. */
    static void assertOneLine(String message) {
        assertFalse(message == null || message.isBlank(), "a refusal says why");
        assertTrue(message.codePoints().noneMatch(c -> Character.isISOControl(c)
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR),
                "one printable line: " + message.replace("\n", "\\n").replace("\r", "\\r"));
    }
}
