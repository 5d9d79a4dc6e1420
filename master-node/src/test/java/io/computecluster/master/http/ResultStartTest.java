package io.computecluster.master.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ?from=N}: the chunk that holds line N, and the lines of it that go before N. */
class ResultStartTest {

    @Test
    void aLineIsInChunkLineDividedByChunkSizeAfterTheRemaindersLines() {
        ResultStart start = ResultStart.parse(Optional.of("7"));
        assertEquals(2, start.chunk(3));
        assertEquals(1, start.skipped(3));
        assertEquals(0, ResultStart.parse(Optional.empty()).line());
        assertEquals(0, ResultStart.parse(Optional.of("0")).chunk(10));
        assertFalse(start.pastEnd(8));
        assertTrue(start.pastEnd(7));
    }

    @Test
    void onlyTheFirstChunkLosesItsLinesBeforeTheStart() {
        ResultStart start = new ResultStart(4);
        assertEquals("5\t25\n6\t36\n", text(start.from(1, 3, bytes("4\t16\n5\t25\n6\t36\n"))));
        assertEquals("7\t49\n", text(start.from(2, 3, bytes("7\t49\n"))));
    }

    @Test
    void dropLinesDropsWholeLinesAndNoMoreThanThereAre() {
        byte[] lines = bytes("{\"a\":1}\n{\"b\":\"x\\ny\"}\nlast\n");
        assertArrayEquals(lines, ResultStart.dropLines(lines, 0));
        assertEquals("{\"b\":\"x\\ny\"}\nlast\n", text(ResultStart.dropLines(lines, 1)));
        assertEquals("last\n", text(ResultStart.dropLines(lines, 2)));
        assertEquals("", text(ResultStart.dropLines(lines, 3)));
        assertEquals("", text(ResultStart.dropLines(lines, 9)));
        assertEquals("", text(ResultStart.dropLines(new byte[0], 2)));
    }

    @Test
    void fromIsANonNegativeDecimalInteger() {
        for (String bad : new String[] {"x", "-1", "1.5", "", " 3", "0x10", "1234567890123456789"}) {
            ApiError error = assertThrows(ApiError.class, () -> ResultStart.parse(Optional.of(bad)));
            assertEquals("from: expected a line number from 0, got '" + bad + "'", error.getMessage());
            assertEquals(400, error.status.intValue());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
