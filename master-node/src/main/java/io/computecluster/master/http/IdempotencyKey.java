package io.computecluster.master.http;

import java.util.Optional;

/**
 * The {@code Idempotency-Key} header of {@code POST /jobs}: a request that repeats a key is
 * answered with the job the first one made, so that a client may retry a submission whose answer
 * it did not get without making a second job.
 */
final class IdempotencyKey {
    static final String HEADER = "Idempotency-Key";
    /** Marks the answer to a request whose key an earlier job holds: that job's id, not a new one's. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    /**
     * The key the header gives, empty without the header.
     *
     * @throws ApiError 400 for a key that is not 1 to {@link #MAX_LENGTH} visible ASCII characters
     */
    static Optional<String> parse(Optional<String> header) {
        if (header.isEmpty()) {
            return header;
        }
        String key = header.get();
        String expected = HEADER + ": expected 1 to " + MAX_LENGTH + " visible ASCII characters, got ";
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw ApiError.badRequest(expected + key.length() + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw ApiError.badRequest(expected + String.format("character U+%04X at position %d", (int) c, i + 1));
            }
        }
        return header;
    }
}
