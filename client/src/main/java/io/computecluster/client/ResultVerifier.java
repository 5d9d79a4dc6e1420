package io.computecluster.client;

import io.computecluster.common.input.IntegerRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the results of a squaring job over a range as they stream in: the inputs must be exactly
 * the range in order, and every result the input's exact square. Keeps only counts and the exact
 * sum of the results (the checksum), so a range of any length is checked in constant memory.
 */
final class ResultVerifier {
    /** Problems described in detail; the rest are only counted. */
    static final int PROBLEMS_KEPT = 5;
    /** Inputs whose square fits in a long: |x| <= floor(sqrt(Long.MAX_VALUE)). */
    static final long LONG_SQUARE_LIMIT = 3_037_000_499L;

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final IntegerRange range;
    private final BigInteger expectedCount;
    /** Whether every input fits in a long, so the expected input is kept as one. */
    private final boolean longRange;
    /** The next input expected: {@code nextLong} for a long range, else {@code nextBig}. */
    private long nextLong;
    private BigInteger nextBig;

    private long lines;
    private long exact;
    private long problemCount;
    private final List<String> problems = new ArrayList<>();
    private long sumLong;
    private BigInteger sumBig = BigInteger.ZERO;
    private boolean pastEnd;

    ResultVerifier(IntegerRange range) {
        this.range = range;
        this.expectedCount = range.count();
        this.longRange = range.from().compareTo(LONG_MIN) >= 0 && range.to().compareTo(LONG_MAX) < 0;
        this.nextLong = longRange ? range.from().longValue() : 0;
        this.nextBig = longRange ? null : range.from();
    }

    /** Reads every line of {@code results} (UTF-8) and returns the verdict. */
    static Verification verify(IntegerRange range, InputStream results) throws IOException {
        return verify(range, new InputStreamReader(results, StandardCharsets.UTF_8));
    }

    /** Reads every line of {@code results} and returns the verdict. */
    static Verification verify(IntegerRange range, Reader results) throws IOException {
        ResultVerifier verifier = new ResultVerifier(range);
        BufferedReader reader = new BufferedReader(results, 1 << 16);
        String line;
        while ((line = reader.readLine()) != null) {
            verifier.accept(line);
        }
        return verifier.finish();
    }

    /** Checks one {@code INPUT<TAB>RESULT} line. */
    void accept(String line) {
        lines++;
        int tab = line.indexOf('\t');
        if (tab < 0) {
            problem("line " + lines + ": no tab between input and result: '" + shorten(line) + "'");
            advance();
            return;
        }
        String resultText = line.substring(tab + 1);
        if (longRange && !pastEnd) {
            acceptLong(line, tab, resultText);
        } else {
            acceptBig(line.substring(0, tab), resultText);
        }
    }

    private void acceptLong(String line, int tab, String resultText) {
        long input;
        try {
            input = Long.parseLong(line, 0, tab, 10);
        } catch (NumberFormatException e) {
            acceptBig(line.substring(0, tab), resultText);
            return;
        }
        if (input != nextLong) {
            acceptBig(line.substring(0, tab), resultText);
            return;
        }
        advance();
        if (resultText.startsWith("error:")) {
            problem("input " + input + " failed: " + shorten(resultText.substring(6).strip()));
            return;
        }
        if (input >= -LONG_SQUARE_LIMIT && input <= LONG_SQUARE_LIMIT) {
            long result;
            try {
                result = Long.parseLong(resultText);
            } catch (NumberFormatException e) {
                checkResult(BigInteger.valueOf(input), resultText);
                return;
            }
            if (result != input * input) {
                problem("wrong result for " + input + ": got " + shorten(resultText) + ", expected " + input * input);
                return;
            }
            exact++;
            addToSum(result);
        } else {
            checkResult(BigInteger.valueOf(input), resultText);
        }
    }

    private void acceptBig(String inputText, String resultText) {
        BigInteger input;
        try {
            input = new BigInteger(inputText.strip());
        } catch (NumberFormatException e) {
            problem("line " + lines + ": input is not an integer: '" + shorten(inputText) + "'");
            advance();
            return;
        }
        if (pastEnd) {
            problem("line " + lines + ": unexpected extra result for " + shorten(inputText)
                    + " after the end of the range");
            return;
        }
        BigInteger expected = current();
        int order = input.compareTo(expected);
        if (order > 0 && input.compareTo(range.to()) <= 0) {
            BigInteger last = input.subtract(BigInteger.ONE);
            problem("missing results for "
                    + (last.equals(expected) ? "input " + expected : "inputs " + expected + ".." + last));
        } else if (order != 0) {
            problem("line " + lines + ": input " + shorten(inputText) + " out of order, expected " + expected);
        }
        // Continue from what was read, so that one gap is one problem, not every line after it.
        if (input.compareTo(range.from()) >= 0 && input.compareTo(range.to()) <= 0) {
            setNext(input);
        }
        advance();
        if (resultText.startsWith("error:")) {
            problem("input " + input + " failed: " + shorten(resultText.substring(6).strip()));
            return;
        }
        checkResult(input, resultText);
    }

    private void checkResult(BigInteger input, String resultText) {
        BigInteger result;
        try {
            result = new BigInteger(resultText.strip());
        } catch (NumberFormatException e) {
            problem("line " + lines + ": result for " + input + " is not an integer: '" + shorten(resultText) + "'");
            return;
        }
        BigInteger square = input.multiply(input);
        if (!result.equals(square)) {
            problem("wrong result for " + input + ": got " + shorten(resultText) + ", expected " + shorten(square.toString()));
            return;
        }
        exact++;
        sumBig = sumBig.add(result);
    }

    private void setNext(BigInteger input) {
        if (longRange) {
            nextLong = input.longValueExact();
        } else {
            nextBig = input;
        }
    }

    /** Moves the expected input one on. */
    private void advance() {
        if (pastEnd) {
            return;
        }
        if (longRange) {
            if (nextLong == range.to().longValue()) {
                pastEnd = true;
            } else {
                nextLong++;
            }
        } else if (nextBig.equals(range.to())) {
            pastEnd = true;
        } else {
            nextBig = nextBig.add(BigInteger.ONE);
        }
    }

    private void addToSum(long result) {
        // Squares are never negative: overflow shows as the sum passing Long.MAX_VALUE.
        if (sumLong > Long.MAX_VALUE - result) {
            sumBig = sumBig.add(BigInteger.valueOf(sumLong));
            sumLong = 0;
        }
        sumLong += result;
    }

    /** The verdict after the last line. */
    Verification finish() {
        if (!pastEnd) {
            BigInteger missing = range.to().subtract(current()).add(BigInteger.ONE);
            problem("missing results at the end: " + Formats.grouped(missing) + " from input " + current()
                    + " on (read " + Formats.grouped(lines) + " lines for " + Formats.grouped(expectedCount) + " inputs)");
        }
        return new Verification(lines, exact, sumBig.add(BigInteger.valueOf(sumLong)), problemCount,
                List.copyOf(problems));
    }

    private BigInteger current() {
        return longRange ? BigInteger.valueOf(nextLong) : nextBig;
    }

    private void problem(String description) {
        problemCount++;
        if (problems.size() < PROBLEMS_KEPT) {
            problems.add(description);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /**
     * The verdict on a results stream.
     *
     * @param lines        lines read
     * @param exact        results that were exactly the square of the expected input
     * @param checksum     the exact sum of those results
     * @param problemCount problems found
     * @param problems     the first few problems, described
     */
    record Verification(long lines, long exact, BigInteger checksum, long problemCount, List<String> problems) {
        boolean ok() {
            return problemCount == 0;
        }

        /** {@code 2 problems: wrong result for 5: got 26, expected 25; missing ...}. */
        String describe() {
            String joined = String.join("; ", problems);
            long more = problemCount - problems.size();
            return problemCount + (problemCount == 1 ? " problem: " : " problems: ") + joined
                    + (more > 0 ? "; and " + more + " more" : "");
        }
    }
}
