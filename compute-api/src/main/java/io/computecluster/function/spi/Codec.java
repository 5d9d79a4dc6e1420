package io.computecluster.function.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.computecluster.function.PayloadType;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Turns one {@link PayloadType}'s wire form ({@code BigInteger} for integers, {@code byte[]} for
 * the rest) into what a function receives, and a function's result back. Chosen once per
 * function, with Jackson's reader and writer resolved up front, so an input costs its own
 * decoding and nothing more.
 */
abstract class Codec {
    final PayloadType<?> type;
    /** What a result may be: the Java type, boxed where it is primitive ({@code json(int.class)}). */
    private final Class<?> resultType;

    private Codec(PayloadType<?> type) {
        this.type = type;
        this.resultType = MethodType.methodType(type.javaType()).wrap().returnType();
    }

    static Codec of(PayloadType<?> type, ObjectMapper mapper) {
        return switch (type.wireName()) {
            case "text" -> new TextCodec(type);
            case "bytes" -> new BytesCodec(type);
            case "integer" -> new IntegerCodec(type);
            case "json" -> new JsonCodec(type, mapper);
            default -> throw new IllegalStateException("unknown payload type " + type);
        };
    }

    /** @throws IllegalArgumentException naming what was expected, when the input does not decode */
    abstract Object decode(Object wire);

    /** @param value a result that {@link #checkResult} accepted */
    abstract Object encode(Object value);

    /** Catches a function whose raw types let it return something its output type cannot carry. */
    final void checkResult(Object value, String function) {
        if (!resultType.isInstance(value)) {
            throw new IllegalStateException("function '" + function + "' returned a " + value.getClass().getName()
                    + " where its output type " + type + " needs a " + type.javaType().getName());
        }
    }

    final byte[] wireBytes(Object wire) {
        if (wire instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalArgumentException("expected the bytes of a " + type + " input, got "
                + (wire == null ? "null" : wire.getClass().getName()));
    }

    private static final class TextCodec extends Codec {
        TextCodec(PayloadType<?> type) {
            super(type);
        }

        @Override
        Object decode(Object wire) {
            // Malformed UTF-8 becomes U+FFFD: text is taken as it comes, like a text/plain body.
            return new String(wireBytes(wire), StandardCharsets.UTF_8);
        }

        @Override
        Object encode(Object value) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final class BytesCodec extends Codec {
        BytesCodec(PayloadType<?> type) {
            super(type);
        }

        @Override
        Object decode(Object wire) {
            return wireBytes(wire);
        }

        @Override
        Object encode(Object value) {
            return value;
        }
    }

    private static final class IntegerCodec extends Codec {
        IntegerCodec(PayloadType<?> type) {
            super(type);
        }

        @Override
        Object decode(Object wire) {
            if (wire instanceof BigInteger value) {
                return value;
            }
            throw new IllegalArgumentException("expected a BigInteger for an integer input, got "
                    + (wire == null ? "null" : wire.getClass().getName()));
        }

        @Override
        Object encode(Object value) {
            return value;
        }
    }

    private static final class JsonCodec extends Codec {
        private final ObjectReader reader;
        private final ObjectWriter writer;
        private final String expected;

        JsonCodec(PayloadType<?> type, ObjectMapper mapper) {
            super(type);
            Class<?> javaType = type.javaType();
            this.reader = mapper.readerFor(javaType);
            // A final class (a record) has one serializer, found now; otherwise the result's own
            // class decides, as Jackson does for an untyped value.
            this.writer = Modifier.isFinal(javaType.getModifiers()) || javaType == JsonNode.class
                    ? mapper.writerFor(javaType)
                    : mapper.writer();
            this.expected = javaType == JsonNode.class
                    ? "expected a JSON value"
                    : "expected JSON for " + javaType.getSimpleName();
        }

        @Override
        Object decode(Object wire) {
            Object value;
            try {
                value = reader.readValue(wireBytes(wire));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(expected + ": " + JsonMessages.describe(e), e);
            } catch (IOException e) {
                throw new IllegalArgumentException(expected + ": " + e.getMessage(), e);
            }
            if (value == null) {
                // Only a bound type can be null here: the tree of "null" is a NullNode.
                throw new IllegalArgumentException(expected + ", got null");
            }
            return value;
        }

        @Override
        Object encode(Object value) {
            try {
                return writer.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a " + value.getClass().getName() + " that cannot be written as JSON: "
                        + JsonMessages.describe(e), e);
            }
        }
    }
}
