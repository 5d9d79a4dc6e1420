package io.computecluster.common.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SquareTest {
    private static final TaskFunction SQUARE = new Square();
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private static Numbers squareAll(Numbers inputs) {
        NumbersBuilder out = new NumbersBuilder(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            SQUARE.apply(inputs, i, out);
        }
        return out.build();
    }

    private static BigInteger square(BigInteger x) {
        return x.multiply(x);
    }

    private static void assertSquares(Numbers inputs, Numbers results) {
        assertEquals(inputs.size(), results.size());
        boolean allFit = true;
        for (int i = 0; i < inputs.size(); i++) {
            BigInteger expected = square(inputs.bigAt(i));
            assertEquals(expected, results.bigAt(i), "square of " + inputs.bigAt(i));
            boolean fits = NumbersBuilder.fitsInLong(expected);
            assertEquals(fits, results.isLong(i), "isLong of the square of " + inputs.bigAt(i));
            if (fits) {
                assertEquals(expected.longValueExact(), results.longAt(i), "longAt of the square of " + inputs.bigAt(i));
            }
            allFit &= fits;
        }
        if (allFit) {
            assertInstanceOf(Numbers.LongArray.class, results, "all squares fit in a long");
        } else {
            assertInstanceOf(Numbers.MixedArray.class, results, "some square needs a BigInteger");
        }
    }

    @Test
    void isFoundByName() {
        assertEquals("square", SQUARE.name());
        assertInstanceOf(Square.class, TaskFunctions.get().find("square").orElseThrow());
        assertTrue(TaskFunctions.get().find("cube-root-of-nothing").isEmpty());
        assertTrue(TaskFunctions.get().names().iterator().hasNext());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 7, -7, 3_037_000_499L, -3_037_000_499L})
    void squaresThatFitInALongStayLongs(long x) {
        Numbers results = squareAll(Numbers.of(x));
        assertInstanceOf(Numbers.LongArray.class, results);
        assertEquals(x * x, results.longAt(0));
        assertEquals(square(BigInteger.valueOf(x)), results.bigAt(0));
    }

    @Test
    void largestLongPathSquareIsExact() {
        Numbers results = squareAll(Numbers.of(Square.MAX_LONG_ROOT, -Square.MAX_LONG_ROOT));
        assertEquals(9_223_372_030_926_249_001L, results.longAt(0));
        assertEquals(9_223_372_030_926_249_001L, results.longAt(1));
        // The next square up no longer fits: that is why the bound is exactly here.
        assertTrue(square(BigInteger.valueOf(Square.MAX_LONG_ROOT + 1)).compareTo(LONG_MAX) > 0);
    }

    @ParameterizedTest
    @ValueSource(longs = {3_037_000_500L, -3_037_000_500L, 4_611_686_018_427_387_904L, -4_611_686_018_427_387_904L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, 0x1_0000_0000L, -0x1_0000_0000L})
    void squaresPastALongAreExact128BitProducts(long x) {
        Numbers results = squareAll(Numbers.of(x));
        assertInstanceOf(Numbers.MixedArray.class, results);
        assertTrue(!results.isLong(0));
        assertEquals(square(BigInteger.valueOf(x)), results.bigAt(0));
        assertEquals(square(BigInteger.valueOf(x)), Square.square128(x));
        assertTrue(results.bigAt(0).signum() > 0);
    }

    @Test
    void firstSquaresPastALongHaveTheRightValues() {
        Numbers results = squareAll(Numbers.of(3_037_000_500L, Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(new BigInteger("9223372037000250000"), results.bigAt(0));
        assertEquals(BigInteger.TWO.pow(126), results.bigAt(1));
        assertEquals(new BigInteger("85070591730234615847396907784232501249"), results.bigAt(2));
    }

    @Test
    void square128MatchesBigIntegerAroundEveryByteBoundary() {
        for (int bit = 0; bit < 63; bit++) {
            for (long delta = -2; delta <= 2; delta++) {
                long x = (1L << bit) + delta;
                assertEquals(square(BigInteger.valueOf(x)), Square.square128(x), "x = " + x);
                assertEquals(square(BigInteger.valueOf(-x)), Square.square128(-x), "x = " + -x);
            }
        }
    }

    @Test
    void fortyDigitInputsAreSquaredExactly() {
        BigInteger positive = new BigInteger("1234567890123456789012345678901234567890");
        BigInteger negative = positive.negate();
        NumbersBuilder inputs = new NumbersBuilder(4);
        inputs.setBig(0, positive);
        inputs.setLong(1, 12);
        inputs.setBig(2, negative);
        inputs.setLong(3, -3);
        Numbers in = inputs.build();
        assertInstanceOf(Numbers.MixedArray.class, in);

        Numbers results = squareAll(in);
        assertInstanceOf(Numbers.MixedArray.class, results);
        assertEquals(new BigInteger("1524157875323883675049535156256668194500533455762536198787501905199875019052100"),
                results.bigAt(0));
        assertEquals(results.bigAt(0), results.bigAt(2));
        assertEquals(144, results.longAt(1));
        assertTrue(results.isLong(1));
        assertEquals(9, results.longAt(3));
    }

    @Test
    void bigInputWhoseSquareIsSmallStillComesOutExact() {
        // A MixedArray may hold a big value at one index and small ones elsewhere; a range slice
        // near the long boundary is built with setBig and comes out as longs where they fit.
        NumbersBuilder inputs = new NumbersBuilder(3);
        inputs.setBig(0, LONG_MAX.add(BigInteger.ONE));
        inputs.setBig(1, BigInteger.valueOf(5));
        inputs.setBig(2, LONG_MIN.subtract(BigInteger.ONE));
        Numbers in = inputs.build();
        assertTrue(in.isLong(1));
        assertSquares(in, squareAll(in));
    }

    @Test
    void rangeInputsAreSquared() {
        Numbers in = Numbers.range(-1000, 2001);
        Numbers results = squareAll(in);
        assertInstanceOf(Numbers.LongArray.class, results);
        assertSquares(in, results);
    }

    /** About 100k values over every magnitude, against BigInteger.multiply. */
    @Test
    void matchesBigIntegerOnRandomValuesOfEveryMagnitude() {
        SplittableRandom random = new SplittableRandom(20240611L);
        int batches = 200;
        int perBatch = 500;
        int longBatches = 0;
        int mixedBatches = 0;
        for (int b = 0; b < batches; b++) {
            // Some batches hold only values whose squares fit in a long, to check the compact variant.
            boolean smallOnly = b % 4 == 0;
            NumbersBuilder inputs = new NumbersBuilder(perBatch);
            for (int i = 0; i < perBatch; i++) {
                int kind = smallOnly ? random.nextInt(3) : random.nextInt(6);
                switch (kind) {
                    case 0 -> inputs.setLong(i, random.nextInt(-1_000_000, 1_000_001));
                    case 1 -> inputs.setLong(i, random.nextLong(-Square.MAX_LONG_ROOT, Square.MAX_LONG_ROOT + 1));
                    case 2 -> inputs.setLong(i, (random.nextBoolean() ? 1 : -1) * (Square.MAX_LONG_ROOT - random.nextInt(3)));
                    case 3 -> inputs.setLong(i, random.nextLong());
                    case 4 -> inputs.setLong(i, (random.nextBoolean() ? 1 : -1) * (Square.MAX_LONG_ROOT + 1 + random.nextInt(3)));
                    default -> inputs.setBig(i, randomBig(random, 19 + random.nextInt(42)));
                }
            }
            Numbers in = inputs.build();
            Numbers results = squareAll(in);
            assertSquares(in, results);
            if (results instanceof Numbers.LongArray) {
                longBatches++;
            } else {
                mixedBatches++;
            }
        }
        assertTrue(longBatches >= batches / 4, "long-only batches: " + longBatches);
        assertTrue(mixedBatches > 0, "mixed batches: " + mixedBatches);
    }

    private static BigInteger randomBig(SplittableRandom random, int digits) {
        StringBuilder text = new StringBuilder(digits + 1);
        if (random.nextBoolean()) {
            text.append('-');
        }
        text.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < digits; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return new BigInteger(text.toString());
    }
}
