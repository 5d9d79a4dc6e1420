package io.computecluster.common.column;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a function takes and gives, as the API and the wire name it. Integers travel as
 * {@link io.computecluster.common.numbers.Numbers} columns; the others as {@link Blobs} of their
 * bytes: text as UTF-8, JSON as compact UTF-8 JSON text, bytes as they are.
 */
public enum PayloadType {
    INTEGER, TEXT, JSON, BYTES;

    /** The name the API uses: {@code integer}, {@code text}, {@code json} or {@code bytes}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code name}; throws IllegalArgumentException listing the names otherwise. */
    public static PayloadType fromWireName(String name) {
        for (PayloadType type : values()) {
            if (type.wireName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown payload type '" + name + "': expected one of "
                + Arrays.stream(values()).map(PayloadType::wireName).collect(Collectors.joining(", ")));
    }
}
