package io.computecluster.common.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The results of a squaring job over consecutive integers as the API and {@code bin/submit} write
 * them, {@code INPUT<TAB>RESULT} per line in input order, checked exactly or made for comparison.
 */
public final class SquareLines {
    private SquareLines() {
    }

    /** Checks that {@code text} holds the squares of {@code count} integers from {@code from}, in order. */
    public static void assertSquares(String text, BigInteger from, long count) {
        try {
            assertSquares(new BufferedReader(new StringReader(text)), from, count, "the results");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks that {@code file} holds the squares of {@code count} integers from {@code from}, in order. */
    public static void assertSquares(Path file, BigInteger from, long count) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            assertSquares(lines, from, count, file.toString());
        }
    }

    private static void assertSquares(BufferedReader lines, BigInteger from, long count, String where)
            throws IOException {
        BigInteger x = from;
        long read = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            read++;
            assertEquals(x + "\t" + x.multiply(x), line, "line " + read + " of " + where);
            x = x.add(BigInteger.ONE);
        }
        assertEquals(count, read, "lines in " + where);
    }

    /** The lines of the squares of the integers {@code from} to {@code to}, each ended by a newline. */
    public static String squares(long from, long to) {
        StringBuilder lines = new StringBuilder();
        for (long x = from; x <= to; x++) {
            BigInteger big = BigInteger.valueOf(x);
            lines.append(x).append('\t').append(big.multiply(big)).append('\n');
        }
        return lines.toString();
    }
}
