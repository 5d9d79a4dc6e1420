package io.computecluster.examples;

import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CancellationException;

/**
 * {@code sha256}: the lowercase hex SHA-256 of a text's UTF-8 bytes. With args
 * {@code {"rounds": N}} each round after the first hashes the previous round's hex text, the
 * way a password hash is stretched, so that one input can cost as much work as a test needs.
 */
public final class Sha256 implements TaskFunction<String, String> {
    public static final int MAX_ROUNDS = 1_000_000;
    /** How many rounds run between looks at the cancel flag: about a millisecond's worth. */
    private static final int ROUNDS_PER_CHECK = 1 << 10;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The job's args: {@code rounds} absent means 1. */
    public record Args(Integer rounds) {
    }

    @Override
    public String name() {
        return "sha256";
    }

    @Override
    public PayloadType<String> input() {
        return PayloadType.TEXT;
    }

    @Override
    public PayloadType<String> output() {
        return PayloadType.TEXT;
    }

    @Override
    public String apply(String input, TaskContext context) {
        int rounds = rounds(context.args(Args.class));
        MessageDigest sha256 = newDigest();
        byte[] hex = new byte[64];
        hex(sha256.digest(input.getBytes(StandardCharsets.UTF_8)), hex);
        for (int round = 2; round <= rounds; round++) {
            if (round % ROUNDS_PER_CHECK == 0 && context.isCancelled()) {
                throw new CancellationException("cancelled after " + round + " of " + rounds + " rounds");
            }
            hex(sha256.digest(hex), hex);
        }
        return new String(hex, StandardCharsets.US_ASCII);
    }

    private static int rounds(Args args) {
        if (args.rounds() == null) {
            return 1;
        }
        int rounds = args.rounds();
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be from 1 to " + MAX_ROUNDS + ", got " + rounds);
        }
        return rounds;
    }

    /** Writes the digest as lowercase hex into {@code hex}, which the next round hashes in place. */
    private static void hex(byte[] digest, byte[] hex) {
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
