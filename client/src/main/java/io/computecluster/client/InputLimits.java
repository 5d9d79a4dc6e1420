package io.computecluster.client;

import io.computecluster.common.input.IntegerParser;

/** The limits the client checks input against before it sends anything. */
final class InputLimits {
    /** Digits of the largest integer accepted. */
    static final int MAX_DIGITS = 10_000;
    /** Inputs of the largest job accepted. */
    static final int MAX_INPUTS = 10_000_000;

    private InputLimits() {
    }

    static IntegerParser parser() {
        return new IntegerParser(MAX_DIGITS);
    }
}
