package io.computecluster.master.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.common.function.TaskFunctions;
import io.computecluster.common.input.InputException;
import io.computecluster.common.input.IntegerParser;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.master.job.ChunkSizing;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Turns the body of {@code POST /jobs} into a {@link JobSpec}, or an {@link ApiError} that says
 * exactly what is wrong (and on which line of a text body).
 */
final class JobRequestParser {
    private static final Set<String> FIELDS = Set.of("function", "range", "inputs", "chunkSize");
    /** A job request nests three levels; anything much deeper is not one, and costs stack to parse. */
    static final int MAX_NESTING = 32;
    private static final String DIGITS_KEY = "compute.master.max-digits";
    private static final String INPUTS_KEY = "compute.master.max-inputs";

    private final HttpApiSettings settings;
    private final ObjectMapper json;
    private final IntegerParser integers;

    JobRequestParser(HttpApiSettings settings) {
        this.settings = settings;
        this.json = objectMapper(settings);
        this.integers = new IntegerParser(settings.maxDigits()).namingSettings(DIGITS_KEY, INPUTS_KEY);
    }

    /**
     * The JSON mapper of the API: integers as JSON numbers may be as long as {@code max-digits}
     * (Jackson's own limit is 1000 digits).
     */
    private static ObjectMapper objectMapper(HttpApiSettings settings) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(settings.maxDigits() + 1)
                        .maxNestingDepth(MAX_NESTING)
                        .build())
                .build();
        return new ObjectMapper(factory);
    }

    /** {@code {"function":..., "range":{"from":..,"to":..}}} or {@code {"function":..., "inputs":[...]}}. */
    JobSpec fromJson(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw overConstraint(e);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("expected a JSON object with \"function\" and \"range\" or \"inputs\"");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiError.badRequest("unknown field \"" + name + "\": expected function, range, inputs, chunkSize");
            }
        }
        String function = root.has("function") ? text(root.get("function"), "function") : null;
        Integer chunkSize = null;
        if (root.has("chunkSize")) {
            JsonNode node = root.get("chunkSize");
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw ApiError.badRequest("chunkSize: expected an integer, got " + node);
            }
            chunkSize = node.intValue();
        }
        boolean hasRange = root.has("range");
        boolean hasInputs = root.has("inputs");
        if (hasRange == hasInputs) {
            throw ApiError.badRequest("expected exactly one of \"range\" and \"inputs\"");
        }
        InputSource source = hasRange ? range(root.get("range")) : inputs(root.get("inputs"));
        return spec(Optional.ofNullable(function), Optional.ofNullable(chunkSize), source);
    }

    /** One integer per line; blank lines skipped. */
    JobSpec fromText(Reader body, Optional<String> function, Optional<String> chunkSize) {
        Optional<Integer> size = chunkSize.map(text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("chunkSize: expected an integer, got '" + text + "'");
            }
        });
        try {
            return spec(function, size, new InputSource.Listed(integers.parseLines(body, settings.maxInputs())));
        } catch (InputException e) {
            throw inputError(e);
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable body: " + e.getMessage());
        }
    }

    private JobSpec spec(Optional<String> function, Optional<Integer> chunkSize, InputSource source) {
        String name = function.orElse("square");
        if (TaskFunctions.get().find(name).isEmpty()) {
            throw ApiError.badRequest("unknown function '" + name + "': known functions are "
                    + String.join(", ", TaskFunctions.get().names()));
        }
        int size = chunkSize.orElse(settings.defaultChunkSize());
        if (size < 1 || size > settings.maxChunkSize()) {
            throw ApiError.badRequest("chunkSize: expected 1 to " + settings.maxChunkSize() + ", got " + size);
        }
        JobSpec spec;
        try {
            spec = new JobSpec(name, source, ChunkSizing.fit(source, size, settings.maxMessageBytes()));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        // The master's heap holds a few bytes per chunk of every job: a huge range in tiny chunks
        // would not fit.
        if (spec.chunkCount() > settings.maxChunks()) {
            throw ApiError.tooLarge("chunkSize: " + source.total() + " inputs in chunks of " + spec.chunkSize() + " make "
                    + spec.chunkCount() + " chunks, at most " + settings.maxChunks()
                    + " per job with this master's heap: ask for larger chunks");
        }
        return spec;
    }

    private InputSource range(JsonNode range) {
        if (range == null || !range.isObject() || !range.has("from") || !range.has("to")) {
            throw ApiError.badRequest("range: expected {\"from\": \"A\", \"to\": \"B\"}");
        }
        BigInteger from = integer(range.get("from"), "range.from", null);
        BigInteger to = integer(range.get("to"), "range.to", null);
        if (from.compareTo(to) > 0) {
            throw ApiError.badRequest("range: from (" + from + ") must not be greater than to (" + to + ")");
        }
        BigInteger count = to.subtract(from).add(BigInteger.ONE);
        if (count.compareTo(BigInteger.valueOf(settings.maxRangeSize())) > 0) {
            throw ApiError.tooLarge("range: " + count + " inputs, at most " + settings.maxRangeSize() + " per job"
                    + " (compute.master.max-range-size)");
        }
        return new InputSource.Range(from, to);
    }

    private InputSource inputs(JsonNode inputs) {
        if (inputs == null || !inputs.isArray()) {
            throw ApiError.badRequest("inputs: expected an array of integers");
        }
        if (inputs.isEmpty()) {
            throw ApiError.badRequest("inputs: a job needs at least one input");
        }
        if (inputs.size() > settings.maxInputs()) {
            throw ApiError.tooLarge("inputs: " + inputs.size() + " inputs, at most " + settings.maxInputs()
                    + " per job (compute.master.max-inputs)");
        }
        NumbersBuilder values = new NumbersBuilder(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode node = inputs.get(i);
            if (node.isTextual()) {
                try {
                    integers.parseInto(node.textValue(), values, i);
                } catch (InputException e) {
                    throw new ApiError(e.overLimit() ? StatusCodes.PAYLOAD_TOO_LARGE : StatusCodes.BAD_REQUEST,
                            "inputs[" + i + "]: " + e.getMessage(), i + 1);
                }
            } else {
                values.setBig(i, integer(node, "inputs[" + i + "]", i + 1));
            }
        }
        return new InputSource.Listed(values.build());
    }

    private BigInteger integer(JsonNode node, String where, Integer line) {
        try {
            if (node.isIntegralNumber()) {
                return jsonInteger(node, where, line);
            }
            if (node.isTextual()) {
                return integers.parse(node.textValue());
            }
        } catch (InputException e) {
            throw new ApiError(e.overLimit() ? StatusCodes.PAYLOAD_TOO_LARGE : StatusCodes.BAD_REQUEST,
                    where + ": " + e.getMessage(), line);
        }
        throw new ApiError(StatusCodes.BAD_REQUEST, where + ": expected an integer, got " + abbreviate(node), line);
    }

    /** Jackson's own limits: numbers past {@code max-digits}, nesting past {@link #MAX_NESTING}. */
    private ApiError overConstraint(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Number value length")) {
            return ApiError.tooLarge("integer too long: more than " + settings.maxDigits() + " digits, at most "
                    + settings.maxDigits() + " (" + DIGITS_KEY + ")");
        }
        if (message.contains("nesting depth")) {
            return ApiError.badRequest("JSON nested more than " + MAX_NESTING + " levels deep: a job request is"
                    + " {\"function\": ..., \"range\": {...}} or {\"function\": ..., \"inputs\": [...]}");
        }
        return ApiError.tooLarge("JSON value too large: " + message);
    }

    /** A JSON number as an integer, within {@code max-digits}. */
    private BigInteger jsonInteger(JsonNode node, String where, Integer line) {
        BigInteger value = node.bigIntegerValue();
        if (value.bitLength() > 3 * settings.maxDigits()) {
            int digits = value.abs().toString().length();
            if (digits > settings.maxDigits()) {
                throw new ApiError(StatusCodes.PAYLOAD_TOO_LARGE, where + ": integer too long: " + digits
                        + " digits, at most " + settings.maxDigits() + " (" + DIGITS_KEY + ")", line);
            }
        }
        return value;
    }

    private static String text(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw ApiError.badRequest(where + ": expected a string, got " + abbreviate(node));
        }
        return node.textValue();
    }

    private static ApiError inputError(InputException e) {
        String where = e.line() > 0 ? "line " + e.line() + ": " : "";
        return new ApiError(e.overLimit() ? StatusCodes.PAYLOAD_TOO_LARGE : StatusCodes.BAD_REQUEST,
                where + e.getMessage(), e.line() > 0 ? e.line() : null);
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
