package io.computecluster.master.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.computecluster.common.column.Columns;
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
    void storedInputsAreReadFromTheBlocksThatCoverAChunk() {
        java.util.List<io.computecluster.common.column.Column> blocks = java.util.List.of(
                io.computecluster.common.column.Blobs.ofUtf8("a", "b", "c"),
                io.computecluster.common.column.Blobs.ofUtf8("d", "e"),
                io.computecluster.common.column.Blobs.ofUtf8("f", "g", "h", "i"));
        InputSource.Stored stored = new InputSource.Stored(io.computecluster.common.column.PayloadType.TEXT, 9,
                new long[] {3, 5, 9}, 1, 0);
        java.util.List<Integer> read = new java.util.ArrayList<>();
        java.util.function.IntFunction<java.util.concurrent.CompletionStage<io.computecluster.common.column.Column>>
                reader = block -> {
                    read.add(block);
                    return java.util.concurrent.CompletableFuture.completedFuture(blocks.get(block));
                };

        assertEquals(io.computecluster.common.column.Blobs.ofUtf8("c", "d", "e", "f"),
                stored.slice(2, 4, reader).toCompletableFuture().join());
        assertEquals(java.util.List.of(0, 1, 2), read);
        assertEquals(io.computecluster.common.column.Blobs.ofUtf8("d", "e"),
                stored.slice(3, 2, reader).toCompletableFuture().join(), "one whole block");
        assertEquals(0, stored.blockOf(0));
        assertEquals(1, stored.blockOf(3));
        assertEquals(2, stored.blockOf(8));
        assertThrows(UnsupportedOperationException.class, () -> stored.slice(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new InputSource.Stored(
                io.computecluster.common.column.PayloadType.TEXT, 9, new long[] {3, 8}, 1, 0));
    }

    @Test
    void numbersOfSeveralBlocksAreConcatenatedExactly() {
        NumbersBuilder withBig = new NumbersBuilder(2);
        withBig.setBig(0, MAX.add(BigInteger.TEN));
        withBig.setLong(1, -5);
        Numbers joined = (Numbers) Columns.concat(java.util.List.of(Numbers.of(1, 2), withBig.build(),
                Numbers.range(7, 2)));
        assertEquals(6, joined.size());
        assertEquals(MAX.add(BigInteger.TEN), joined.bigAt(2));
        assertEquals(-5, joined.longAt(3));
        assertEquals(8, joined.longAt(5));
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
