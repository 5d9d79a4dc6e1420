package io.computecluster.function;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The type of a function's inputs or results: its wire name, which {@code GET /functions} shows
 * and submitters write inputs for, and the Java type the function works with. The cluster
 * carries four wire types only, so that the master, the nodes and the client read and write any
 * function's data without the function's classes.
 *
 * @param <T> the Java type a function receives or returns
 */
public final class PayloadType<T> {

    /** Text, carried as UTF-8; an unpaired surrogate in a result is written as {@code ?}. */
    public static final PayloadType<String> TEXT = new PayloadType<>("text", String.class);

    /**
     * Any JSON value as a Jackson tree. A number keeps its exact value (a fraction is a
     * {@code BigDecimal}, never rounded to a {@code double}), so a function that passes a number
     * on loses nothing.
     */
    public static final PayloadType<JsonNode> JSON = new PayloadType<>("json", JsonNode.class);

    /** Raw bytes, carried as base64 in JSON requests and results. */
    public static final PayloadType<byte[]> BYTES = new PayloadType<>("bytes", byte[].class);

    /** An integer of any size, exact, as the built-in {@code square} takes. */
    public static final PayloadType<BigInteger> INTEGER = new PayloadType<>("integer", BigInteger.class);

    private final String wireName;
    private final Class<T> javaType;

    private PayloadType(String wireName, Class<T> javaType) {
        this.wireName = wireName;
        this.javaType = javaType;
    }

    /**
     * JSON bound to {@code type} by Jackson, records included, so that a function works with its
     * own classes instead of a tree. On the wire it is {@code json} like {@link #JSON}.
     *
     * <p>An input binds as submitters expect of a JSON API: a field that {@code type} does not
     * have is ignored (inputs often carry more than one function reads), but a missing or
     * {@code null} primitive component, a fraction for an integer, a JSON {@code null} for the
     * whole input, or trailing text fails the input with a message naming what was expected. A
     * missing object component is {@code null}.
     */
    public static <T> PayloadType<T> json(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (type == JsonNode.class) {
            @SuppressWarnings("unchecked")
            PayloadType<T> tree = (PayloadType<T>) JSON;
            return tree;
        }
        return new PayloadType<>("json", type);
    }

    /** {@code text}, {@code json}, {@code bytes} or {@code integer}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The Java type a function receives or returns: {@code String}, {@code JsonNode},
     * {@code byte[]}, {@code BigInteger}, or the class given to {@link #json(Class)}.
     */
    public Class<T> javaType() {
        return javaType;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PayloadType<?> that
                && wireName.equals(that.wireName)
                && javaType.equals(that.javaType);
    }

    @Override
    public int hashCode() {
        return 31 * wireName.hashCode() + javaType.hashCode();
    }

    /** {@code text}, {@code json}, or {@code json(Point)} for JSON bound to a class. */
    @Override
    public String toString() {
        return javaType == JsonNode.class || !wireName.equals("json")
                ? wireName
                : wireName + "(" + javaType.getSimpleName() + ")";
    }
}
