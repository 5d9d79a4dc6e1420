package io.computecluster.master.job;

/**
 * Keeps every chunk within one remote message, and its results too where they are no larger than
 * estimated. Chunks of large integers are cut smaller than asked: a chunk of 1,000 inputs of
 * 10,000 digits has results of about 8 MB, far past Artery's frame size, and a message that cannot
 * be sent would leave its chunk unanswered.
 *
 * <p>The estimate assumes results of up to twice the bits of integer inputs (exact for squaring,
 * which the built-in {@code square} computes inline and answers in one message), and results as
 * large as the largest input for other payloads. Plug-in results larger than that (a 64-character
 * hash of a short line) are no failure: a worker sends a chunk's results in as many messages as
 * they need (ChunkPart, then ChunkDone), and only one result larger than a message on its own
 * fails its input.
 */
public final class ChunkSizing {
    /** Bytes a value takes in a long column, and the extra of one that needs a big integer. */
    private static final int LONG_SLOT = 8;
    private static final int BIG_OVERHEAD = LONG_SLOT + 8;

    private ChunkSizing() {
    }

    /** The chunk size to use: {@code requested}, or less when its messages would pass {@code budgetBytes}. */
    public static int fit(InputSource inputs, int requested, long budgetBytes) {
        long perInput = inputs.maxValueBytes() > 0
                // Text, JSON or bytes: the input and room for a result as large, each with its offset.
                ? 2L * (inputs.maxValueBytes() + 4)
                : bytesPerValue(inputs.maxBitLength()) + bytesPerValue(2L * inputs.maxBitLength());
        long fitting = Math.max(1, budgetBytes / perInput);
        return (int) Math.min(requested, fitting);
    }

    private static long bytesPerValue(long bits) {
        // Values up to 63 bits (and a sign) travel as longs; larger ones as two's-complement bytes.
        return bits <= 63 ? LONG_SLOT : BIG_OVERHEAD + bits / 8 + 1;
    }
}
