package io.computecluster.common.numbers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalWriterTest {

    @Test
    void writesLongsLikeLongToString() {
        long[] edges = {0, 1, -1, 9, 10, 99, 100, 101, -10, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 3_037_000_499L * 3_037_000_499L};
        for (long value : edges) {
            assertEquals(Long.toString(value), written(value));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(value), written(value));
        }
    }

    @Test
    void writesEveryPowerOfTenAndItsNeighbours() {
        long power = 1;
        for (int digits = 1; digits <= 19; digits++) {
            for (long value : new long[] {power - 1, power, power + 1, -power}) {
                assertEquals(Long.toString(value), written(value));
            }
            power = digits < 19 ? power * 10 : power;
        }
    }

    @Test
    void writesColumnsLinesAndGrows() {
        NumbersBuilder builder = new NumbersBuilder(2);
        builder.setLong(0, -42);
        builder.setBig(1, BigInteger.TEN.pow(30));
        DecimalWriter out = new DecimalWriter(1);
        Numbers values = builder.build();
        out.append(values, 0).append((byte) '\t').append(values, 1).append((byte) '\n').append("error: x");
        assertEquals("-42\t1000000000000000000000000000000\nerror: x",
                new String(out.toByteArray(), StandardCharsets.UTF_8));
    }

    private static String written(long value) {
        return new String(new DecimalWriter(4).append(value).toByteArray(), StandardCharsets.US_ASCII);
    }
}
