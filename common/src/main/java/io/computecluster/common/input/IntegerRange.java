package io.computecluster.common.input;

import java.math.BigInteger;

/**
 * An inclusive range of integers {@code from..to} of any size, as written on the command line
 * ({@code 1..1000000}, {@code -5..5}).
 */
public record IntegerRange(BigInteger from, BigInteger to) {
    public IntegerRange {
        if (from.compareTo(to) > 0) {
            throw new IllegalArgumentException("range start " + from + " is after its end " + to);
        }
    }

    /** How many integers the range holds. */
    public BigInteger count() {
        return to.subtract(from).add(BigInteger.ONE);
    }

    /** Parses {@code A..B}; the message says what was expected. */
    public static IntegerRange parse(String text, IntegerParser parser) throws InputException {
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw new InputException(0, "bad range '" + text + "': expected FROM..TO, for example 1..1000000");
        }
        BigInteger from = parser.parse(text.substring(0, dots));
        BigInteger to = parser.parse(text.substring(dots + 2));
        if (from.compareTo(to) > 0) {
            throw new InputException(0, "bad range '" + text + "': FROM must not be greater than TO");
        }
        return new IntegerRange(from, to);
    }
}
