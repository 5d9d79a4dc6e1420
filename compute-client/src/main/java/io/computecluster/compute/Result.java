package io.computecluster.compute;

/**
 * One input of a job and what became of it: its result, or why it failed (after its retries).
 *
 * @param index  the input's 0-based position among the job's inputs
 * @param input  the input
 * @param value  the result; null when the input failed
 * @param error  why the input failed, such as {@code IllegalArgumentException: not a number}; null when it did not
 * @param <I>    the inputs' type
 * @param <O>    the results' type
 */
public record Result<I, O>(long index, I input, O value, String error) {

    /** Whether the input failed. */
    public boolean failed() {
        return error != null;
    }

    /** The result; an {@link IllegalStateException} saying why when the input failed. */
    public O valueOrThrow() {
        if (error != null) {
            throw new IllegalStateException("input " + index + " (" + input + ") failed: " + error);
        }
        return value;
    }
}
