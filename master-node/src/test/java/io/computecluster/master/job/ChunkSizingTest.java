package io.computecluster.master.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ChunkSizingTest {
    private static final long BUDGET = 192 * 1024;

    @Test
    void smallIntegersKeepTheRequestedChunkSize() {
        InputSource range = new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(10_000_000));
        assertEquals(10_000, ChunkSizing.fit(range, 10_000, BUDGET));
    }

    @Test
    void aChunkOfLongsIsCappedByTheBudget() {
        InputSource range = new InputSource.Range(BigInteger.ONE, BigInteger.valueOf(10_000_000));
        // 8 bytes an input (in a list) plus 8 a result.
        assertEquals(BUDGET / 16, ChunkSizing.fit(range, 100_000, BUDGET));
    }

    @Test
    void squaresPastTheLongRangeCountTheirBigIntegerBytes() {
        InputSource longs = new InputSource.Listed(Numbers.of(Long.MAX_VALUE, 1));
        int size = ChunkSizing.fit(longs, 100_000, BUDGET);
        assertTrue(size < BUDGET / 16 && size > BUDGET / 64, "between the long and a generous big estimate: " + size);
    }

    @Test
    void hugeIntegersGetSmallChunksButNeverNone() {
        NumbersBuilder values = new NumbersBuilder(1);
        values.setBig(0, BigInteger.TEN.pow(9_999));
        InputSource huge = new InputSource.Listed(values.build());
        int size = ChunkSizing.fit(huge, 1000, BUDGET);
        assertTrue(size >= 1 && size * 12_000L <= BUDGET, "10,000 digits: about 12.5 KB an input: " + size);
        NumbersBuilder enormous = new NumbersBuilder(1);
        enormous.setBig(0, BigInteger.TEN.pow(200_000));
        assertEquals(1, ChunkSizing.fit(new InputSource.Listed(enormous.build()), 1000, BUDGET));
    }

    @Test
    void longMinValueIsTreatedAsNeedingABigInteger() {
        InputSource min = new InputSource.Listed(Numbers.of(Long.MIN_VALUE));
        assertTrue(ChunkSizing.fit(min, 100_000, BUDGET) < BUDGET / 16);
    }
}
