package io.computecluster.common.function;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;

/**
 * Squares integers exactly at any size: a single multiplication when the square fits in a
 * {@code long}, a 128-bit product from {@link Math#multiplyHigh} when the input does, and
 * {@link BigInteger} beyond.
 */
public final class Square implements TaskFunction {
    public static final String NAME = "square";

    /** The largest magnitude whose square still fits in a signed long: floor(sqrt(2^63 - 1)). */
    static final long MAX_LONG_ROOT = 3_037_000_499L;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(Numbers inputs, int index, NumbersBuilder out) {
        if (inputs.isLong(index)) {
            long x = inputs.longAt(index);
            if (x >= -MAX_LONG_ROOT && x <= MAX_LONG_ROOT) {
                out.setLong(index, x * x);
            } else {
                out.setBig(index, square128(x));
            }
        } else {
            BigInteger x = inputs.bigAt(index);
            out.setBig(index, x.multiply(x));
        }
    }

    /** The exact square of any long, from the high and low 64 bits of the 128-bit product. */
    static BigInteger square128(long x) {
        long high = Math.multiplyHigh(x, x);
        long low = x * x;
        // The square is non-negative, so both halves are read as unsigned magnitude bits.
        byte[] magnitude = new byte[17];
        for (int i = 0; i < 8; i++) {
            magnitude[16 - i] = (byte) (low >>> (8 * i));
            magnitude[8 - i] = (byte) (high >>> (8 * i));
        }
        return new BigInteger(magnitude);
    }
}
