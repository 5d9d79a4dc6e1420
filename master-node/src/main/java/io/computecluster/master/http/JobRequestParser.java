package io.computecluster.master.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.BlobsBuilder;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.function.Square;
import io.computecluster.common.input.InputException;
import io.computecluster.common.input.IntegerParser;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.master.function.FunctionInfo;
import io.computecluster.master.function.FunctionRegistry;
import io.computecluster.master.job.ChunkSizing;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Turns the body of {@code POST /jobs} into a {@link JobSpec}, or an {@link ApiError} that says
 * exactly what is wrong (and on which line of a text body).
 */
final class JobRequestParser {
    private static final Set<String> FIELDS = Set.of("function", "range", "inputs", "chunkSize", "args",
            "taskTimeout");
    /**
     * A job request nests three levels, and a JSON input as deep as its function needs; anything much
     * deeper is not one, and costs stack to parse.
     */
    static final int MAX_NESTING = 64;
    /** The functions known when the caller has not asked the job manager: the built-in ones. */
    static final List<FunctionInfo> BUILT_IN = List.of(new FunctionInfo(Square.NAME, FunctionCall.BUILT_IN,
            PayloadType.INTEGER, PayloadType.INTEGER, List.of()));
    /** Default chunks of a plug-in function's job at least: its inputs spread over that many worker actors. */
    static final int SPREAD_CHUNKS = 64;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");
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
        // "1 2" on a line, or text after the request's object, is not one JSON value: refused, not cut short.
        return new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A JSON request of a built-in function. */
    JobSpec fromJson(byte[] body) {
        return fromJson(body, BUILT_IN);
    }

    /**
     * {@code {"function":..., "range":{"from":..,"to":..}}} or {@code {"function":..., "inputs":[...]}},
     * optionally with {@code args}, {@code chunkSize} and {@code taskTimeout}; {@code functions} are
     * those workers have offered.
     */
    JobSpec fromJson(byte[] body, List<FunctionInfo> functions) {
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
                throw ApiError.badRequest("unknown field \"" + name + "\": expected function, range, inputs, args,"
                        + " chunkSize, taskTimeout");
            }
        }
        String function = root.has("function") ? text(root.get("function"), "function") : null;
        FunctionInfo chosen = choose(Optional.ofNullable(function), functions);
        String args = root.has("args") ? args(root.get("args")) : null;
        long timeoutMillis = root.has("taskTimeout") ? timeoutMillis(text(root.get("taskTimeout"), "taskTimeout")) : 0;
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
        if (hasRange && chosen.input() != PayloadType.INTEGER) {
            throw ApiError.badRequest("range: only for functions of integers; " + chosen.name() + " takes "
                    + chosen.input().wireName() + ": give \"inputs\"");
        }
        InputSource source = hasRange ? range(root.get("range"))
                : chosen.input() == PayloadType.INTEGER ? inputs(root.get("inputs")) : payloads(root.get("inputs"), chosen);
        return spec(chosen, args, timeoutMillis, Optional.ofNullable(chunkSize), source);
    }

    /** A text body of a built-in function: one integer per line. */
    JobSpec fromText(Reader body, Optional<String> function, Optional<String> chunkSize) {
        return fromText(body, function, Optional.empty(), chunkSize, Optional.empty(), BUILT_IN);
    }

    /**
     * One input per line: an integer (blank lines skipped) for integer functions, the line's text for
     * text functions (every line, an empty one too), a JSON value for JSON functions and a base64 string
     * for bytes functions (blank lines skipped).
     */
    JobSpec fromText(Reader body, Optional<String> function, Optional<String> args, Optional<String> chunkSize,
                     Optional<String> taskTimeout, List<FunctionInfo> functions) {
        FunctionInfo chosen = choose(function, functions);
        Optional<Integer> size = chunkSize(chunkSize);
        String argsJson = args.map(this::argsText).orElse(null);
        long timeoutMillis = taskTimeout.map(JobRequestParser::timeoutMillis).orElse(0L);
        try {
            InputSource source = chosen.input() == PayloadType.INTEGER
                    ? new InputSource.Listed(integers.parseLines(body, settings.maxInputs()))
                    : lines(body, chosen, textLines(chosen));
            return spec(chosen, argsJson, timeoutMillis, size, source);
        } catch (InputException e) {
            throw inputError(e);
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable body: " + e.getMessage());
        }
    }

    /** {@code application/x-ndjson}: one JSON value per line (blank lines skipped), as {@code inputs} holds them. */
    JobSpec fromNdjson(Reader body, Optional<String> function, Optional<String> args, Optional<String> chunkSize,
                       Optional<String> taskTimeout, List<FunctionInfo> functions) {
        FunctionInfo chosen = choose(function, functions);
        Optional<Integer> size = chunkSize(chunkSize);
        String argsJson = args.map(this::argsText).orElse(null);
        long timeoutMillis = taskTimeout.map(JobRequestParser::timeoutMillis).orElse(0L);
        try {
            return spec(chosen, argsJson, timeoutMillis, size, lines(body, chosen, Line.NDJSON));
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable body: " + e.getMessage());
        }
    }

    /**
     * What a text or NDJSON body's query names, checked before its body is read: the function, its
     * arguments, its task timeout and chunk size.
     */
    record LineRequest(FunctionInfo function, Line how, String args, long timeoutMillis, Optional<Integer> chunkSize) {
    }

    LineRequest lineRequest(boolean ndjson, Optional<String> function, Optional<String> args,
                            Optional<String> chunkSize, Optional<String> taskTimeout, List<FunctionInfo> functions) {
        FunctionInfo chosen = choose(function, functions);
        Optional<Integer> size = chunkSize(chunkSize);
        String argsJson = args.map(this::argsText).orElse(null);
        long timeoutMillis = taskTimeout.map(JobRequestParser::timeoutMillis).orElse(0L);
        return new LineRequest(chosen, ndjson ? Line.NDJSON : textLines(chosen), argsJson, timeoutMillis, size);
    }

    HttpApiSettings settings() {
        return settings;
    }

    private static Optional<Integer> chunkSize(Optional<String> chunkSize) {
        return chunkSize.map(text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("chunkSize: expected an integer, got '" + text + "'");
            }
        });
    }

    /**
     * The function a job names, {@code NAME} or {@code NAME@VERSION} (square when none): the version
     * named, else the newest a live worker offers, else the newest offered before.
     */
    static FunctionInfo choose(Optional<String> function, List<FunctionInfo> functions) {
        String text = function.orElse(Square.NAME).trim();
        int at = text.indexOf('@');
        String name = at < 0 ? text : text.substring(0, at);
        Optional<String> version = at < 0 ? Optional.empty() : Optional.of(text.substring(at + 1));
        return FunctionRegistry.resolve(functions, name, version).orElseThrow(() -> ApiError.badRequest(
                (version.isPresent() ? "function " + text + " has not been offered by any worker"
                        : "unknown function '" + name + "'")
                        + ": the functions workers offer are " + FunctionRegistry.describe(functions)));
    }

    private String args(JsonNode args) {
        if (!args.isObject()) {
            throw ApiError.badRequest("args: expected a JSON object, got " + abbreviate(args));
        }
        return args.toString();
    }

    private String argsText(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            throw ApiError.badRequest("args: expected a JSON object, got malformed JSON: " + oneLine(e));
        }
        if (node == null) {
            throw ApiError.badRequest("args: expected a JSON object, got nothing");
        }
        return args(node);
    }

    /** {@code 500ms}, {@code 30s} or {@code 5m}: how long one input may take before it fails. */
    static long timeoutMillis(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw ApiError.badRequest("taskTimeout: expected a duration such as 500ms, 30s or 5m, got '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        long millis = switch (matcher.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            default -> amount * 60_000;
        };
        if (millis < 1) {
            throw ApiError.badRequest("taskTimeout: must be at least 1ms, got '" + text + "'");
        }
        return millis;
    }

    JobSpec spec(FunctionInfo function, String args, long timeoutMillis, Optional<Integer> chunkSize,
                 InputSource source) {
        boolean builtIn = function.version().equals(FunctionCall.BUILT_IN);
        // A plug-in function may take long per input: without a chunk size its inputs spread over many chunks.
        int size = chunkSize.orElse(builtIn ? settings.defaultChunkSize() : (int) Math.max(1, Math.min(
                settings.defaultChunkSize(), (source.total() + SPREAD_CHUNKS - 1) / SPREAD_CHUNKS)));
        if (size < 1 || size > settings.maxChunkSize()) {
            throw ApiError.badRequest("chunkSize: expected 1 to " + settings.maxChunkSize() + ", got " + size);
        }
        JobSpec spec;
        try {
            spec = new JobSpec(new FunctionCall(function.name(), function.version(), args, timeoutMillis),
                    function.input(), function.output(), source, ChunkSizing.fit(source, size,
                    settings.maxMessageBytes()));
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
        checkArray(inputs, PayloadType.INTEGER);
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

    /** Refuses {@code inputs} unless it is a non-empty array within {@code max-inputs}. */
    private void checkArray(JsonNode inputs, PayloadType type) {
        if (inputs == null || !inputs.isArray()) {
            throw ApiError.badRequest("inputs: expected an array of " + describeInput(type));
        }
        if (inputs.isEmpty()) {
            throw ApiError.badRequest("inputs: a job needs at least one input");
        }
        if (inputs.size() > settings.maxInputs()) {
            throw ApiError.tooLarge("inputs: " + inputs.size() + " inputs, at most " + settings.maxInputs()
                    + " per job (compute.master.max-inputs)");
        }
    }

    /** The JSON array of inputs of a function that takes text, JSON or bytes. */
    private InputSource payloads(JsonNode inputs, FunctionInfo function) {
        checkArray(inputs, function.input());
        BlobsBuilder values = new BlobsBuilder(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            values.set(i, checkedSize(payload(inputs.get(i), function, "inputs[" + i + "]", i + 1),
                    "inputs[" + i + "]", i + 1));
        }
        return new InputSource.Listed(values.build());
    }

    /** How a line of a text or NDJSON body is read. */
    enum Line { TEXT, JSON_OR_BASE64, NDJSON }

    /** How the lines of a text body are read for {@code function}: see {@link #fromText}. */
    static Line textLines(FunctionInfo function) {
        return function.input() == PayloadType.TEXT ? Line.TEXT : Line.JSON_OR_BASE64;
    }

    /** One input per line of {@code body}, read as {@code how} says. */
    private InputSource lines(Reader body, FunctionInfo function, Line how) throws IOException {
        BufferedReader lines = body instanceof BufferedReader reader ? reader : new BufferedReader(body, 1 << 16);
        List<byte[]> values = new ArrayList<>();
        String line;
        int lineNumber = 0;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (skipped(line, how)) {
                continue;
            }
            checkCount(values.size(), lineNumber);
            values.add(payloadLine(line, function, how, lineNumber));
        }
        if (values.isEmpty()) {
            throw noInputs();
        }
        return new InputSource.Listed(Blobs.of(values));
    }

    /** Whether a line gives no input: a blank one, but for text functions (whose every line is an input). */
    static boolean skipped(String line, Line how) {
        return how != Line.TEXT && line.isBlank();
    }

    /** Refuses line {@code lineNumber} when {@code count} inputs came before it, the most a job may have. */
    void checkCount(long count, int lineNumber) {
        if (count >= settings.maxInputs()) {
            throw ApiError.tooLarge("line " + lineNumber + ": too many inputs: at most " + settings.maxInputs()
                    + " per job (compute.master.max-inputs)");
        }
    }

    /** As {@link #checkCount}, for a body of integers: refused as {@link IntegerParser#parseLines} refuses it. */
    void checkIntegerCount(long count, int lineNumber) {
        if (count >= settings.maxInputs()) {
            throw new ApiError(StatusCodes.PAYLOAD_TOO_LARGE, "line " + lineNumber + ": too many inputs: at most "
                    + settings.maxInputs() + " per job (compute.master.max-inputs)", lineNumber);
        }
    }

    static ApiError noInputs() {
        return ApiError.badRequest("no inputs: a job needs at least one input");
    }

    /** The input of line {@code lineNumber} (not {@link #skipped}) of a function that takes text, JSON or bytes. */
    byte[] payloadLine(String line, FunctionInfo function, Line how, int lineNumber) {
        String where = "line " + lineNumber;
        byte[] value;
        if (how == Line.TEXT) {
            value = line.getBytes(StandardCharsets.UTF_8);
        } else if (function.input() == PayloadType.BYTES && how == Line.JSON_OR_BASE64) {
            value = base64(line.trim(), where, lineNumber);
        } else {
            value = payload(parseLine(line, where, lineNumber), function, where, lineNumber);
        }
        return checkedSize(value, where, lineNumber);
    }

    /**
     * The integer of line {@code lineNumber} (not blank) of a text body into slot {@code index} of
     * {@code out}, refused as {@link IntegerParser#parseLines} refuses a line.
     */
    void integerLine(String line, int lineNumber, NumbersBuilder out, int index) {
        try {
            integers.parseInto(line, out, index);
        } catch (InputException e) {
            throw new ApiError(e.overLimit() ? StatusCodes.PAYLOAD_TOO_LARGE : StatusCodes.BAD_REQUEST,
                    "line " + lineNumber + ": " + e.getMessage(), lineNumber);
        }
    }

    /** Refuses a text body of integers without one, as {@link IntegerParser#parseLines} does. */
    static ApiError noIntegers() {
        return ApiError.badRequest("no integers: a job needs at least one input");
    }

    /** A refusal of line {@code lineNumber}: longer than any input may be. */
    ApiError lineTooLong(int lineNumber, long maxLineBytes) {
        return new ApiError(StatusCodes.PAYLOAD_TOO_LARGE, "line " + lineNumber + ": more than " + maxLineBytes
                + " bytes, longer than one input may be in a cluster message (compute.master.max-message-bytes)",
                lineNumber);
    }

    private JsonNode parseLine(String line, String where, int lineNumber) {
        try {
            return json.readTree(line);
        } catch (StreamConstraintsException e) {
            throw new ApiError(StatusCodes.BAD_REQUEST, where + ": " + overConstraint(e).getMessage(), lineNumber);
        } catch (IOException e) {
            throw new ApiError(StatusCodes.BAD_REQUEST, where + ": malformed JSON: " + oneLine(e), lineNumber);
        }
    }

    /** One JSON value as the bytes a function of {@code function}'s input type takes. */
    private byte[] payload(JsonNode node, FunctionInfo function, String where, int line) {
        switch (function.input()) {
            case TEXT:
                if (!node.isTextual()) {
                    throw new ApiError(StatusCodes.BAD_REQUEST, where + ": expected a string (" + function.name()
                            + " takes text), got " + abbreviate(node), line);
                }
                return node.textValue().getBytes(StandardCharsets.UTF_8);
            case BYTES:
                if (!node.isTextual()) {
                    throw new ApiError(StatusCodes.BAD_REQUEST, where + ": expected a base64 string ("
                            + function.name() + " takes bytes), got " + abbreviate(node), line);
                }
                return base64(node.textValue(), where, line);
            case JSON:
                try {
                    return json.writeValueAsBytes(node);
                } catch (IOException e) {
                    throw new ApiError(StatusCodes.BAD_REQUEST, where + ": " + oneLine(e), line);
                }
            default:
                throw new ApiError(StatusCodes.BAD_REQUEST, where + ": expected an integer, got " + abbreviate(node),
                        line);
        }
    }

    private static byte[] base64(String text, String where, int line) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(StatusCodes.BAD_REQUEST, where + ": expected base64, " + e.getMessage(), line);
        }
    }

    /** Refuses an input too large for the message that carries its chunk, naming where it is. */
    private byte[] checkedSize(byte[] value, String where, int line) {
        // Half the budget: the chunk's results ride back in a message of the same size.
        long limit = settings.maxMessageBytes() / 2;
        if (value.length > limit) {
            throw new ApiError(StatusCodes.PAYLOAD_TOO_LARGE, where + ": " + value.length + " bytes, more than the "
                    + limit + " one input may take in a cluster message (compute.master.max-message-bytes / 2)",
                    line);
        }
        return value;
    }

    private static String describeInput(PayloadType type) {
        return switch (type) {
            case TEXT -> "strings";
            case BYTES -> "base64 strings";
            case JSON -> "JSON values";
            default -> "integers";
        };
    }

    private static String oneLine(IOException e) {
        String message = e instanceof JsonProcessingException processing ? processing.getOriginalMessage()
                : e.getMessage();
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
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
