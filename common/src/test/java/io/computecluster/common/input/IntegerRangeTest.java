package io.computecluster.common.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntegerRangeTest {
    private final IntegerParser parser = new IntegerParser(1000);

    @ParameterizedTest
    @CsvSource({
        "1..10, 1, 10, 10",
        "-5..5, -5, 5, 11",
        "-10..-1, -10, -1, 10",
        "7..7, 7, 7, 1",
        "' 1 .. 3 ', 1, 3, 3",
        "+1..+2, 1, 2, 2",
        "9223372036854775806..9223372036854775809, 9223372036854775806, 9223372036854775809, 4",
        "-100000000000000000000000000000..100000000000000000000000000000, -100000000000000000000000000000, "
                + "100000000000000000000000000000, 200000000000000000000000000001",
    })
    void parsesRanges(String text, String from, String to, String count) throws InputException {
        IntegerRange range = IntegerRange.parse(text, parser);
        assertEquals(new BigInteger(from), range.from());
        assertEquals(new BigInteger(to), range.to());
        assertEquals(new BigInteger(count), range.count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-10", "5..1", "..3", "3..", "..", "", "1..2..3", "a..b", "1...3", "1 10", "-1..-5"})
    void rejectsBadRanges(String text) {
        InputException e = assertThrows(InputException.class, () -> IntegerRange.parse(text, parser), text);
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.overLimit());
    }

    @Test
    void messagesSayWhatWasExpected() {
        InputException noDots = assertThrows(InputException.class, () -> IntegerRange.parse("1-10", parser));
        assertTrue(noDots.getMessage().contains("1-10") && noDots.getMessage().contains("FROM..TO"), noDots.getMessage());
        InputException backwards = assertThrows(InputException.class, () -> IntegerRange.parse("5..1", parser));
        assertTrue(backwards.getMessage().contains("5..1"), backwards.getMessage());
    }

    @Test
    void constructorRejectsABackwardsRange() {
        assertThrows(IllegalArgumentException.class, () -> new IntegerRange(BigInteger.TEN, BigInteger.ONE));
    }
}
