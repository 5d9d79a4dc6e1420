package io.computecluster.client;

import java.util.SplittableRandom;
import picocli.CommandLine;

/**
 * {@code --random N[:SEED]}: N uniformly random signed 64-bit integers from a {@link SplittableRandom}
 * seeded with SEED, so the same spec always gives the same inputs.
 *
 * @param count how many integers
 * @param seed  the seed; chosen at random when the spec names none
 * @param seeded whether the spec named the seed
 */
record RandomSpec(long count, long seed, boolean seeded) {

    static final String EXPECTED = "expected N[:SEED] with 1 <= N <= " + String.format("%,d", InputLimits.MAX_INPUTS)
            + " and SEED a 64-bit integer, for example 1000 or 1000:42";

    /** Parses {@code N} or {@code N:SEED}. */
    static RandomSpec parse(String text) {
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String countText = colon < 0 ? trimmed : trimmed.substring(0, colon);
        long count;
        long seed;
        try {
            count = Long.parseLong(countText);
            seed = colon < 0 ? new SplittableRandom().nextLong() : Long.parseLong(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value '" + text + "': " + EXPECTED);
        }
        if (count < 1 || count > InputLimits.MAX_INPUTS) {
            throw new IllegalArgumentException("bad count " + count + ": " + EXPECTED);
        }
        return new RandomSpec(count, seed, colon >= 0);
    }

    /** A stream of the inputs, one per line. */
    RandomInputStream open() {
        return new RandomInputStream(count, seed);
    }

    /** Picocli converter for {@code --random}. */
    static final class Converter implements CommandLine.ITypeConverter<RandomSpec> {
        @Override
        public RandomSpec convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
