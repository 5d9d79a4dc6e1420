package io.computecluster.master.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class InputSourceTest {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private static void assertValues(Numbers numbers, BigInteger first) {
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(first.add(BigInteger.valueOf(i)), numbers.bigAt(i), "index " + i);
        }
    }

    @Test
    void rangeAcrossLongMaxIsExact() {
        InputSource.Range range = new InputSource.Range(MAX.subtract(BigInteger.TWO), MAX.add(BigInteger.TWO));
        assertEquals(5, range.total());
        Numbers all = range.slice(0, 5);
        assertEquals(5, all.size());
        assertValues(all, MAX.subtract(BigInteger.TWO));
        assertEquals(Long.MAX_VALUE, all.longAt(2));
        assertEquals(false, all.isLong(3));
        assertValues(range.slice(3, 2), MAX.add(BigInteger.ONE));
        Numbers below = range.slice(0, 3);
        assertInstanceOf(Numbers.LongRange.class, below, "a slice that fits in longs stays a range");
        assertValues(below, MAX.subtract(BigInteger.TWO));
    }

    @Test
    void rangeAcrossLongMinIsExact() {
        InputSource.Range range = new InputSource.Range(MIN.subtract(BigInteger.TWO), MIN.add(BigInteger.TWO));
        Numbers all = range.slice(0, 5);
        assertValues(all, MIN.subtract(BigInteger.TWO));
        assertEquals(Long.MIN_VALUE, all.longAt(2));
        assertInstanceOf(Numbers.LongRange.class, range.slice(2, 3));
        assertValues(range.slice(2, 3), MIN);
    }

    @Test
    void rangeOfHugeNumbers() {
        BigInteger from = BigInteger.TEN.pow(40).negate();
        InputSource.Range range = new InputSource.Range(from, from.add(BigInteger.valueOf(99)));
        assertEquals(100, range.total());
        assertValues(range.slice(10, 20), from.add(BigInteger.TEN));
        assertEquals(from + ".." + from.add(BigInteger.valueOf(99)), range.describe());
    }

    @Test
    void smallRange() {
        InputSource.Range range = new InputSource.Range(BigInteger.valueOf(-5), BigInteger.valueOf(5));
        assertEquals(11, range.total());
        assertEquals(Numbers.range(-2, 4), range.slice(3, 4));
        assertEquals("-5..5", range.describe());
    }

    @Test
    void backwardsRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new InputSource.Range(BigInteger.ONE, BigInteger.ZERO));
    }

    @Test
    void listedSlices() {
        NumbersBuilder values = new NumbersBuilder(4);
        values.setLong(0, 1);
        values.setBig(1, MAX.multiply(MAX));
        values.setLong(2, -3);
        values.setLong(3, 4);
        InputSource.Listed listed = new InputSource.Listed(values.build());
        assertEquals(4, listed.total());
        Numbers middle = (Numbers) listed.slice(1, 2);
        assertEquals(MAX.multiply(MAX), middle.bigAt(0));
        assertEquals(-3, middle.longAt(1));
        assertEquals(Numbers.of(-3, 4), listed.slice(2, 2));
        assertEquals("4 inputs", listed.describe());
        assertEquals("1 input", new InputSource.Listed(Numbers.of(9)).describe());
    }
}
