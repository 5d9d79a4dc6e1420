package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.input.IntegerRange;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ResultVerifierTest {

    private static IntegerRange range(long from, long to) {
        return new IntegerRange(BigInteger.valueOf(from), BigInteger.valueOf(to));
    }

    private static String squares(BigInteger from, BigInteger to) {
        StringBuilder text = new StringBuilder();
        for (BigInteger x = from; x.compareTo(to) <= 0; x = x.add(BigInteger.ONE)) {
            text.append(x).append('\t').append(x.multiply(x)).append('\n');
        }
        return text.toString();
    }

    private static String squares(long from, long to) {
        return squares(BigInteger.valueOf(from), BigInteger.valueOf(to));
    }

    private static ResultVerifier.Verification verify(IntegerRange range, String text) throws IOException {
        return ResultVerifier.verify(range, new StringReader(text));
    }

    @Test
    void exactResultsInOrderPassWithTheirSum() throws IOException {
        ResultVerifier.Verification verdict = verify(range(1, 100_000), squares(1, 100_000));
        assertTrue(verdict.ok(), verdict::describe);
        assertEquals(100_000, verdict.lines());
        assertEquals(100_000, verdict.exact());
        assertEquals(new BigInteger("333338333350000"), verdict.checksum());
    }

    @Test
    void negativeRangeAndZero() throws IOException {
        ResultVerifier.Verification verdict = verify(range(-3, 2), squares(-3, 2));
        assertTrue(verdict.ok(), verdict::describe);
        assertEquals(BigInteger.valueOf(9 + 4 + 1 + 0 + 1 + 4), verdict.checksum());
    }

    @Test
    void squaresBeyondALongAreCheckedExactly() throws IOException {
        // Around the long fast path's limit and around Long.MAX_VALUE itself.
        long limit = ResultVerifier.LONG_SQUARE_LIMIT;
        ResultVerifier.Verification near = verify(range(limit - 2, limit + 2), squares(limit - 2, limit + 2));
        assertTrue(near.ok(), near::describe);
        BigInteger from = BigInteger.valueOf(Long.MAX_VALUE - 2);
        BigInteger to = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.TWO);
        ResultVerifier.Verification huge = verify(new IntegerRange(from, to), squares(from, to));
        assertTrue(huge.ok(), huge::describe);
        BigInteger sum = BigInteger.ZERO;
        for (BigInteger x = from; x.compareTo(to) <= 0; x = x.add(BigInteger.ONE)) {
            sum = sum.add(x.multiply(x));
        }
        assertEquals(sum, huge.checksum());
    }

    @Test
    void checksumOfManyLargeSquaresDoesNotOverflow() throws IOException {
        long from = 3_000_000_000L;
        ResultVerifier.Verification verdict = verify(range(from, from + 9), squares(from, from + 9));
        assertTrue(verdict.ok(), verdict::describe);
        BigInteger sum = BigInteger.ZERO;
        for (long x = from; x <= from + 9; x++) {
            sum = sum.add(BigInteger.valueOf(x).pow(2));
        }
        assertEquals(sum, verdict.checksum());
    }

    @Test
    void wrongResultIsDetected() throws IOException {
        String text = squares(1, 10).replace("5\t25\n", "5\t26\n");
        ResultVerifier.Verification verdict = verify(range(1, 10), text);
        assertFalse(verdict.ok());
        assertEquals(1, verdict.problemCount());
        assertEquals("1 problem: wrong result for 5: got 26, expected 25", verdict.describe());
        assertEquals(9, verdict.exact());
    }

    @Test
    void wrongBigResultIsDetected() throws IOException {
        BigInteger x = new BigInteger("123456789012345678901234567890");
        String text = x + "\t" + x.multiply(x).add(BigInteger.ONE) + "\n";
        ResultVerifier.Verification verdict = verify(new IntegerRange(x, x), text);
        assertEquals(1, verdict.problemCount());
        assertTrue(verdict.problems().get(0).startsWith("wrong result for " + x), verdict::describe);
    }

    @Test
    void missingLineInTheMiddleIsOneProblem() throws IOException {
        String text = squares(1, 10).replace("4\t16\n", "");
        ResultVerifier.Verification verdict = verify(range(1, 10), text);
        assertEquals(1, verdict.problemCount(), verdict::describe);
        assertEquals("missing results for input 4", verdict.problems().get(0));
    }

    @Test
    void missingLinesAtTheEndAreDetected() throws IOException {
        ResultVerifier.Verification verdict = verify(range(1, 10), squares(1, 7));
        assertEquals(1, verdict.problemCount());
        assertTrue(verdict.problems().get(0).startsWith("missing results at the end: 3 from input 8 on"),
                verdict::describe);
    }

    @Test
    void emptyStreamMissesEverything() throws IOException {
        ResultVerifier.Verification verdict = verify(range(1, 3), "");
        assertFalse(verdict.ok());
        assertEquals(0, verdict.lines());
    }

    @Test
    void extraAndDuplicateAndOutOfOrderLinesAreDetected() throws IOException {
        assertEquals(1, verify(range(1, 3), squares(1, 4)).problemCount());
        assertEquals(1, verify(range(1, 3), "1\t1\n1\t1\n2\t4\n3\t9\n").problemCount());
        ResultVerifier.Verification swapped = verify(range(1, 3), "1\t1\n3\t9\n2\t4\n");
        assertFalse(swapped.ok());
    }

    @Test
    void failedInputsAndMalformedLinesAreDetected() throws IOException {
        ResultVerifier.Verification failed = verify(range(1, 2), "1\terror: boom\n2\t4\n");
        assertEquals("1 problem: input 1 failed: boom", failed.describe());
        assertEquals(1, verify(range(1, 2), "1 1\n2\t4\n").problemCount());
        assertEquals(1, verify(range(1, 2), "1\tone\n2\t4\n").problemCount());
        assertEquals(1, verify(range(1, 2), "x\t1\n2\t4\n").problemCount());
    }

    @Test
    void onlyTheFirstProblemsAreDescribed() throws IOException {
        String text = squares(1, 20).replaceAll("\t(\\d+)\n", "\t0\n");
        ResultVerifier.Verification verdict = verify(range(1, 20), text);
        assertEquals(20, verdict.problemCount());
        assertEquals(ResultVerifier.PROBLEMS_KEPT, verdict.problems().size());
        assertTrue(verdict.describe().endsWith("; and 15 more"), verdict::describe);
    }
}
