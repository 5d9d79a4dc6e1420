package io.computecluster.function.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One short line from a Jackson exception, for an input's error or an args refusal: Jackson's
 * own messages carry source locations and class internals that mean nothing to a submitter.
 */
final class JsonMessages {
    private static final int MAX_LENGTH = 300;
    private static final Pattern NULL_PRIMITIVE = Pattern.compile("Cannot map `null` into type `(\\w+)`");
    private static final Pattern QUALIFIED = Pattern.compile("`(?:[\\w]+\\.)+(?:\\w+\\$)*(\\w+)`");
    private static final List<Pattern> NOISE = List.of(
            Pattern.compile(" \\(but could if coercion was enabled[^)]*\\)"),
            Pattern.compile(" \\(as String to convert\\)"),
            Pattern.compile(" \\(token `JsonToken\\.\\w+`\\)"),
            Pattern.compile(" \\(start marker at \\[Source.*$"));

    private JsonMessages() {
    }

    static String describe(JsonProcessingException e) {
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            message = "unknown field '" + unknown.getPropertyName() + "'"
                    + (unknown.getKnownPropertyIds() == null || unknown.getKnownPropertyIds().isEmpty()
                            ? ""
                            : " (known: " + unknown.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", ")) + ")");
        } else {
            message = plain(String.valueOf(e.getOriginalMessage()));
        }
        // The path of an unknown field ends in that field, which the message names already.
        String path = e instanceof JsonMappingException mapping
                ? path(mapping.getPath(), e instanceof UnrecognizedPropertyException ? 1 : 0)
                : "";
        String line = (path.isEmpty() ? "" : path + ": ") + message.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }

    /** Jackson's wording less its advice to Java programmers and its class internals. */
    private static String plain(String message) {
        if (message.startsWith("Trailing token")) {
            return "more text after the JSON value";
        }
        Matcher nullPrimitive = NULL_PRIMITIVE.matcher(message);
        if (nullPrimitive.lookingAt()) {
            return "missing or null, where `" + nullPrimitive.group(1) + "` is required";
        }
        String plain = message;
        for (Pattern noise : NOISE) {
            plain = noise.matcher(plain).replaceAll("");
        }
        return QUALIFIED.matcher(plain).replaceAll("`$1`");
    }

    /** {@code from.lat} or {@code items[2]}: where in the value the problem is. */
    private static String path(List<JsonMappingException.Reference> references, int dropLast) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references.subList(0, Math.max(0, references.size() - dropLast))) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
