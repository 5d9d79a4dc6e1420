package io.computecluster.common.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersCodecTest {

    private static byte[] encode(Numbers numbers) {
        ByteBuffer out = ByteBuffer.allocate(NumbersCodec.sizeOf(numbers));
        NumbersCodec.write(numbers, out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static Numbers roundTrip(Numbers numbers) {
        ByteBuffer in = ByteBuffer.wrap(encode(numbers));
        Numbers back = NumbersCodec.read(in);
        assertFalse(in.hasRemaining(), "read consumes exactly what write wrote");
        return back;
    }

    private static void assertSameValues(Numbers expected, Numbers actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.bigAt(i), actual.bigAt(i), "index " + i);
            assertEquals(expected.isLong(i), actual.isLong(i), "isLong at " + i);
        }
    }

    private static Numbers mixed() {
        NumbersBuilder builder = new NumbersBuilder(6);
        builder.setLong(0, 1);
        builder.setBig(1, new BigInteger("123456789012345678901234567890"));
        builder.setLong(2, Long.MIN_VALUE);
        builder.setBig(3, BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
        builder.setLong(4, -42);
        builder.setBig(5, new BigInteger("-" + "9".repeat(80)));
        return builder.build();
    }

    @Test
    void rangeRoundTrips() {
        for (Numbers range : new Numbers[] {Numbers.range(1, 1000), Numbers.range(-5, 11), Numbers.range(0, 0),
                Numbers.range(Long.MAX_VALUE - 9, 10), Numbers.range(Long.MIN_VALUE, 3)}) {
            Numbers back = roundTrip(range);
            assertInstanceOf(Numbers.LongRange.class, back);
            assertEquals(range, back);
        }
        assertEquals(1 + 8 + 4, encode(Numbers.range(1, 1_000_000)).length, "a range costs two numbers");
    }

    @Test
    void longArrayRoundTrips() {
        Numbers values = Numbers.of(0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 42);
        Numbers back = roundTrip(values);
        assertInstanceOf(Numbers.LongArray.class, back);
        assertEquals(values, back);
        assertEquals(1 + 4 + 8 * 6, encode(values).length);
    }

    @Test
    void emptyLongArrayRoundTrips() {
        Numbers back = roundTrip(Numbers.of());
        assertInstanceOf(Numbers.LongArray.class, back);
        assertEquals(0, back.size());
    }

    @Test
    void largeRandomLongArrayRoundTrips() {
        SplittableRandom random = new SplittableRandom(7);
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong();
        }
        assertEquals(Numbers.of(values), roundTrip(Numbers.of(values)));
    }

    @Test
    void mixedArrayRoundTripsWithBigValuesAtTheirIndices() {
        Numbers values = mixed();
        assertInstanceOf(Numbers.MixedArray.class, values);
        Numbers back = roundTrip(values);
        assertInstanceOf(Numbers.MixedArray.class, back);
        assertEquals(values, back);
        assertSameValues(values, back);
    }

    @Test
    void mixedArrayWithOnlyBigValuesRoundTrips() {
        NumbersBuilder builder = new NumbersBuilder(3);
        for (int i = 0; i < 3; i++) {
            builder.setBig(i, BigInteger.TEN.pow(30 + i).negate());
        }
        Numbers values = builder.build();
        assertEquals(values, roundTrip(values));
    }

    @Test
    void sizeOfIsAnUpperBoundForWrite() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            int size = random.nextInt(0, 50);
            NumbersBuilder builder = new NumbersBuilder(size);
            for (int i = 0; i < size; i++) {
                if (random.nextInt(3) == 0) {
                    builder.setBig(i, new BigInteger(64 + random.nextInt(300), new java.util.Random(random.nextLong()))
                            .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)).add(BigInteger.TWO.pow(63)));
                } else {
                    builder.setLong(i, random.nextLong());
                }
            }
            Numbers values = builder.build();
            // ByteBuffer.allocate(sizeOf) throws BufferOverflowException when sizeOf is too small.
            assertSameValues(values, roundTrip(values));
        }
    }

    @Test
    void readsAtTheBufferPositionAndStopsAtTheEnd() {
        byte[] first = encode(Numbers.of(1, 2, 3));
        byte[] second = encode(mixed());
        ByteBuffer both = ByteBuffer.allocate(first.length + second.length + 3);
        both.put((byte) 9).put((byte) 9).put((byte) 9).put(first).put(second).flip();
        both.position(3);
        assertEquals(Numbers.of(1, 2, 3), NumbersCodec.read(both));
        assertEquals(mixed(), NumbersCodec.read(both));
        assertFalse(both.hasRemaining());
    }

    @Test
    void everyTruncationIsRejected() {
        for (Numbers values : new Numbers[] {Numbers.range(5, 10), Numbers.of(1, 2, 3), mixed()}) {
            byte[] bytes = encode(values);
            for (int length = 0; length < bytes.length; length++) {
                ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(bytes, length));
                assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(truncated),
                        values + " cut to " + length + " bytes");
            }
        }
    }

    @Test
    void unknownTagIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NumbersCodec.read(ByteBuffer.wrap(new byte[] {42, 0, 0, 0, 0})));
        assertTrue(e.getMessage().contains("42"), e.getMessage());
    }

    @Test
    void hugeLengthIsRejectedWithoutAllocatingIt() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (byte tag : new byte[] {2, 3}) {
                ByteBuffer in = ByteBuffer.allocate(1 + 4 + 16).put(tag).putInt(Integer.MAX_VALUE);
                in.flip();
                assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(in));
            }
        });
    }

    @Test
    void negativeLengthIsRejected() {
        ByteBuffer in = ByteBuffer.allocate(1 + 4 + 16).put((byte) 2).putInt(-1);
        in.flip();
        assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(in));
    }

    @Test
    void hugeBigIntegerLengthIsRejected() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            // MIXED, one long slot, one big value at index 0 with a length of Integer.MAX_VALUE.
            ByteBuffer in = ByteBuffer.allocate(64).put((byte) 3).putInt(1).putLong(0).putInt(1).putInt(0)
                    .putInt(Integer.MAX_VALUE).put(new byte[] {1, 2, 3});
            in.flip();
            assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(in));
        });
    }

    @Test
    void hugeBigValueCountIsRejectedWithoutLooping() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            // MIXED, one slot, then a count of Integer.MAX_VALUE big values with only one present.
            ByteBuffer in = ByteBuffer.allocate(64).put((byte) 3).putInt(1).putLong(0).putInt(Integer.MAX_VALUE)
                    .putInt(0).putInt(1).put((byte) 5);
            in.flip();
            assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(in));
        });
    }

    @Test
    void bigValueIndexOutOfRangeIsRejected() {
        for (int index : new int[] {-1, 1, 2, Integer.MAX_VALUE}) {
            ByteBuffer in = ByteBuffer.allocate(64).put((byte) 3).putInt(1).putLong(0).putInt(1).putInt(index)
                    .putInt(1).put((byte) 5);
            in.flip();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(in));
            assertTrue(e.getMessage().contains(String.valueOf(index)), e.getMessage());
        }
    }

    @Test
    void zeroLengthBigValueIsRejected() {
        ByteBuffer in = ByteBuffer.allocate(64).put((byte) 3).putInt(1).putLong(0).putInt(1).putInt(0).putInt(0);
        in.flip();
        assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(in));
    }

    @Test
    void rangeThatOverflowsOrHasANegativeCountIsRejected() {
        ByteBuffer overflow = ByteBuffer.allocate(13).put((byte) 1).putLong(Long.MAX_VALUE).putInt(2);
        overflow.flip();
        assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(overflow));
        ByteBuffer negative = ByteBuffer.allocate(13).put((byte) 1).putLong(0).putInt(-1);
        negative.flip();
        assertThrows(IllegalArgumentException.class, () -> NumbersCodec.read(negative));
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherException() {
        SplittableRandom random = new SplittableRandom(3);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int round = 0; round < 20_000; round++) {
                byte[] bytes = new byte[random.nextInt(0, 40)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                if (bytes.length > 0) {
                    bytes[0] = (byte) random.nextInt(0, 5);
                }
                try {
                    NumbersCodec.read(ByteBuffer.wrap(bytes));
                } catch (IllegalArgumentException expected) {
                    // the only way to refuse
                }
            }
        });
    }
}
