package io.computecluster.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Base64;

/**
 * How an input or a result reads in Java, from its JSON in the results: integers (decimal strings,
 * exact at any size), text, JSON, bytes (base64), or a JSON value bound to a class.
 *
 * @param <T> the Java type
 */
@FunctionalInterface
public interface ValueType<T> {
    /** An integer function's values, exact at any size. */
    ValueType<BigInteger> INTEGER = (node, json) -> node.isNumber() ? node.bigIntegerValue()
            : new BigInteger(node.asText());
    /** Integers known to fit in a {@code long}. */
    ValueType<Long> LONG = (node, json) -> node.isNumber() ? node.longValue() : Long.parseLong(node.asText());
    /** A text function's values. */
    ValueType<String> TEXT = (node, json) -> node.isTextual() ? node.textValue() : node.toString();
    /** A JSON function's values as a tree. */
    ValueType<JsonNode> JSON = (node, json) -> node;
    /** A bytes function's values. */
    ValueType<byte[]> BYTES = (node, json) -> Base64.getDecoder().decode(node.asText());

    /** A JSON function's values bound to {@code type} (a record, say) by Jackson. */
    static <T> ValueType<T> json(Class<T> type) {
        return (node, json) -> json.treeToValue(node, type);
    }

    /** The value {@code node} stands for. */
    T read(JsonNode node, ObjectMapper json) throws JsonProcessingException;
}
