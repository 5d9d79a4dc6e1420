package io.computecluster.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineCounterTest {

    private static LineCounter count(String text, int buffer) throws IOException {
        return LineCounter.count(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), buffer);
    }

    @Test
    void countsLinesBytesAndKeepsTheLastLineWhateverTheBufferSize() throws IOException {
        StringBuilder text = new StringBuilder();
        for (long i = 1; i <= 5000; i++) {
            text.append(i).append('\t').append(i * i).append('\n');
        }
        for (int buffer : new int[] {1, 3, 7, 255, 256, 257, 1 << 20}) {
            LineCounter counter = count(text.toString(), buffer);
            assertEquals(5000, counter.lines(), "buffer " + buffer);
            assertEquals(text.length(), counter.bytes(), "buffer " + buffer);
            assertEquals("5000\t25000000", counter.lastLine(), "buffer " + buffer);
            assertTrue(counter.endsWithNewline());
        }
    }

    @Test
    void anUnfinishedLastLineIsNotALine() throws IOException {
        LineCounter counter = count("1\t1\n2\t4", 2);
        assertEquals(1, counter.lines());
        assertEquals("", counter.lastLine());
        assertFalse(counter.endsWithNewline());
    }

    @Test
    void emptyAndSingleLineStreams() throws IOException {
        assertEquals(0, count("", 16).lines());
        assertEquals("", count("", 16).lastLine());
        assertEquals("7\t49", count("7\t49\n", 16).lastLine());
    }
}
