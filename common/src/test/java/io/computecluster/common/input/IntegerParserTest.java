package io.computecluster.common.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntegerParserTest {
    private final IntegerParser parser = new IntegerParser(10_000);

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "  42 |42",
        "42|42",
        "-0|0",
        "+0|0",
        "+5|5",
        "-7|-7",
        "007|7",
        "-007|-7",
        "\t123\t|123",
        "999999999999999999|999999999999999999",
        "-999999999999999999|-999999999999999999",
        "1000000000000000000|1000000000000000000",
        "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808",
        "+9223372036854775807|9223372036854775807",
        "9223372036854775808|9223372036854775808",
        "-9223372036854775809|-9223372036854775809",
        "0000000000000000000000000000042|42",
    })
    void parsesValidIntegers(String text, String expected) throws InputException {
        assertEquals(new BigInteger(expected), parser.parse(text));
    }

    @Test
    void hundredDigitNumbersAreExact() throws InputException {
        String digits = "1234567890".repeat(10);
        assertEquals(new BigInteger(digits), parser.parse(digits));
        assertEquals(new BigInteger("-" + digits), parser.parse(" -" + digits + " "));
        assertEquals(new BigInteger(digits), parser.parse("+" + digits));
    }

    @Test
    void valuesThatFitInALongAreStoredAsLongs() throws InputException {
        NumbersBuilder out = new NumbersBuilder(4);
        parser.parseInto("9223372036854775807", out, 0);
        parser.parseInto("-9223372036854775808", out, 1);
        parser.parseInto("1234567890123456789", out, 2);
        parser.parseInto(" -12 ", out, 3);
        Numbers numbers = out.build();
        assertInstanceOf(Numbers.LongArray.class, numbers);
        assertEquals(Long.MAX_VALUE, numbers.longAt(0));
        assertEquals(Long.MIN_VALUE, numbers.longAt(1));
        assertEquals(1234567890123456789L, numbers.longAt(2));
        assertEquals(-12, numbers.longAt(3));
    }

    @Test
    void oneMoreThanLongMaxBecomesBig() throws InputException {
        NumbersBuilder out = new NumbersBuilder(2);
        parser.parseInto("9223372036854775808", out, 0);
        parser.parseInto("-9223372036854775809", out, 1);
        Numbers numbers = out.build();
        assertInstanceOf(Numbers.MixedArray.class, numbers);
        assertFalse(numbers.isLong(0));
        assertFalse(numbers.isLong(1));
        assertEquals(new BigInteger("9223372036854775808"), numbers.bigAt(0));
        assertEquals(new BigInteger("-9223372036854775809"), numbers.bigAt(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\t", "1e5", "0x10", "1_000", "1.0", "--1", "+-1", "-+1", "+", "-", "12a", "a12",
        "1 2", "١٢", "１２", "12\u00a0", "٣", "1,000", "∞", "NaN", "0b1", "(1)", "1-", "\u0000"})
    void rejectsAnythingButADecimalInteger(String text) {
        InputException e = assertThrows(InputException.class, () -> parser.parse(text), "'" + text + "'");
        assertFalse(e.getMessage() == null || e.getMessage().isBlank());
        assertFalse(e.overLimit(), "a malformed value is not over a limit");
        assertEquals(0, e.line());
    }

    @Test
    void rejectionNamesTheValueOrSaysItIsEmpty() {
        InputException bad = assertThrows(InputException.class, () -> parser.parse(" 12a "));
        assertTrue(bad.getMessage().contains("'12a'"), bad.getMessage());
        InputException empty = assertThrows(InputException.class, () -> parser.parse("   "));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        InputException longBad = assertThrows(InputException.class, () -> parser.parse("9".repeat(200) + "x"));
        assertTrue(longBad.getMessage().length() < 120, "a long bad value is shortened: " + longBad.getMessage());
    }

    @Test
    void tooManyDigitsIsOverTheLimit() {
        IntegerParser small = new IntegerParser(5);
        InputException e = assertThrows(InputException.class, () -> small.parse("123456"));
        assertTrue(e.overLimit());
        assertTrue(e.getMessage().contains("6 digits") && e.getMessage().contains("5"), e.getMessage());
        InputException signed = assertThrows(InputException.class, () -> small.parse("-123456"));
        assertTrue(signed.overLimit());
    }

    @Test
    void exactlyMaxDigitsIsAccepted() throws InputException {
        IntegerParser small = new IntegerParser(5);
        assertEquals(BigInteger.valueOf(-99999), small.parse("-99999"));
        assertEquals(BigInteger.valueOf(12345), small.parse("+12345"));
    }

    @Test
    void maxDigitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new IntegerParser(0));
    }

    @Test
    void parseLinesSkipsBlankLinesAndKeepsOrder() throws Exception {
        Numbers numbers = parser.parseLines(new StringReader("\n3\n\n  -4  \r\n\t\n99999999999999999999\n \n"), 100);
        assertEquals(3, numbers.size());
        assertEquals(BigInteger.valueOf(3), numbers.bigAt(0));
        assertEquals(BigInteger.valueOf(-4), numbers.bigAt(1));
        assertEquals(new BigInteger("99999999999999999999"), numbers.bigAt(2));
    }

    @Test
    void parseLinesAllLongsGivesLongArray() throws Exception {
        Numbers numbers = parser.parseLines(new StringReader("1\n2\n3"), 100);
        assertEquals(Numbers.of(1, 2, 3), numbers);
    }

    @Test
    void parseLinesGrowsPastItsInitialCapacity() throws Exception {
        int count = 5000;
        String text = IntStream.range(0, count).mapToObj(i -> Integer.toString(i - 2500)).collect(Collectors.joining("\n"));
        Numbers numbers = parser.parseLines(new StringReader(text), count);
        assertEquals(count, numbers.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i - 2500, numbers.longAt(i));
        }
    }

    @Test
    void badLineAfterBlankLinesHasItsOneBasedLineNumber() {
        InputException e = assertThrows(InputException.class,
                () -> parser.parseLines(new StringReader("1\n\n\n2\n \nx3\n4\n"), 100));
        assertEquals(6, e.line());
        assertFalse(e.overLimit());
        assertTrue(e.getMessage().contains("x3"), e.getMessage());
    }

    @Test
    void badFirstLineIsLineOne() {
        InputException e = assertThrows(InputException.class, () -> parser.parseLines(new StringReader("1.5\n2\n"), 100));
        assertEquals(1, e.line());
    }

    @Test
    void windowsLineEndingsCountLinesRight() {
        InputException e = assertThrows(InputException.class,
                () -> parser.parseLines(new StringReader("1\r\n\r\n2\r\nbad\r\n"), 100));
        assertEquals(4, e.line());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "  \n\t\n\n", "\r\n"})
    void inputWithoutIntegersIsAnErrorOnLineZero(String text) {
        InputException e = assertThrows(InputException.class, () -> parser.parseLines(new StringReader(text), 100));
        assertEquals(0, e.line());
        assertFalse(e.overLimit());
        assertTrue(e.getMessage().contains("at least one"), e.getMessage());
    }

    @Test
    void moreThanMaxInputsIsOverTheLimitAtTheFirstExtraLine() {
        InputException e = assertThrows(InputException.class,
                () -> parser.parseLines(new StringReader("1\n2\n\n3\n4\n"), 3));
        assertTrue(e.overLimit());
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void exactlyMaxInputsIsAccepted() throws IOException, InputException {
        Numbers numbers = parser.parseLines(new StringReader("1\n2\n3\n\n\n"), 3);
        assertEquals(3, numbers.size());
    }

    @Test
    void tooManyDigitsInALineIsOverTheLimitWithItsLine() {
        IntegerParser small = new IntegerParser(3);
        InputException e = assertThrows(InputException.class,
                () -> small.parseLines(new StringReader("1\n\n999\n1000\n"), 100));
        assertTrue(e.overLimit());
        assertEquals(4, e.line());
    }
}
