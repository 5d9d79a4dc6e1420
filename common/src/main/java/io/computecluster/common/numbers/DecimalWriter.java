package io.computecluster.common.numbers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes decimal integers and ASCII text into a growing byte array, without a String per number:
 * results are formatted as they are streamed out, millions of lines at a time.
 */
public final class DecimalWriter {
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] bytes;
    private int size;

    public DecimalWriter(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** The bytes written so far (a copy only when the array is larger than what was written). */
    public byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    public DecimalWriter append(byte ascii) {
        ensure(1);
        bytes[size++] = ascii;
        return this;
    }

    /** Appends text, as UTF-8. */
    public DecimalWriter append(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    /** Appends {@code length} bytes of {@code source} from {@code from} on, as they are. */
    public DecimalWriter append(byte[] source, int from, int length) {
        ensure(length);
        System.arraycopy(source, from, bytes, size, length);
        size += length;
        return this;
    }

    /** Appends the value at {@code index} of {@code numbers}. */
    public DecimalWriter append(Numbers numbers, int index) {
        return numbers.isLong(index) ? append(numbers.longAt(index)) : append(numbers.bigAt(index).toString());
    }

    /** Appends {@code value} in decimal. */
    public DecimalWriter append(long value) {
        if (value == Long.MIN_VALUE) {
            return append("-9223372036854775808");
        }
        ensure(20);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        int end = size + digits(value);
        int pos = end;
        while (value >= 100) {
            int pair = (int) (value % 100) * 2;
            value /= 100;
            bytes[--pos] = DIGIT_PAIRS[pair + 1];
            bytes[--pos] = DIGIT_PAIRS[pair];
        }
        if (value >= 10) {
            int pair = (int) value * 2;
            bytes[--pos] = DIGIT_PAIRS[pair + 1];
            bytes[--pos] = DIGIT_PAIRS[pair];
        } else {
            bytes[--pos] = (byte) ('0' + value);
        }
        size = end;
        return this;
    }

    /** Decimal digits of a non-negative long. */
    static int digits(long value) {
        long bound = 10;
        for (int digits = 1; digits < 19; digits++) {
            if (value < bound) {
                return digits;
            }
            bound *= 10;
        }
        return 19;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
