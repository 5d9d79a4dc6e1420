package io.computecluster.function.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * How a worker node loads and calls one plug-in's functions. Not for plug-ins: its methods may
 * change with the node.
 *
 * <p>The node defines this class inside each plug-in's own class loader and calls it through
 * reflection, so its constructor and methods use JDK types only: neither the node's copy of this
 * API nor its Jackson ever meets the plug-in's classes. Each bridge has its own Jackson mapper.
 * An instance is safe for use by many threads at once.
 */
public final class PluginBridge {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String BUILT_IN = "square";
    private static final String SERVICE_FILE = "META-INF/services/" + TaskFunction.class.getName();

    private final ObjectMapper mapper = newMapper();
    /** Args bind strictly: they are written for one function, and a misspelt option is a mistake. */
    private final ObjectReader argsReader = mapper.reader()
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectReader treeReader = mapper.readerFor(JsonNode.class);
    private final Map<String, Registered> functions = new TreeMap<>();

    /**
     * Loads every function that {@code loader} lists and checks them all, so that a broken
     * plug-in is refused whole, at the node's start, rather than failing jobs later.
     *
     * @param jarVersion the plug-in jar's {@code Implementation-Version}, or {@code null}; a
     *     function's own {@link TaskFunction#version()} wins over it, and {@code "0"} stands in
     *     when neither gives one
     * @throws IllegalStateException one line, naming the function or class at fault: no function
     *     is listed, a class cannot be instantiated, a name is invalid, taken twice or built in,
     *     or an input or output type is missing
     */
    public PluginBridge(ClassLoader loader, String jarVersion) {
        Objects.requireNonNull(loader, "loader");
        @SuppressWarnings("rawtypes")
        ServiceLoader<TaskFunction> services = ServiceLoader.load(TaskFunction.class, loader);
        try {
            for (TaskFunction<?, ?> function : services) {
                register(function, jarVersion);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(notLoaded(e), e);
        }
        if (functions.isEmpty()) {
            throw new IllegalStateException("no task function found: the plug-in lists none in " + SERVICE_FILE);
        }
    }

    private void register(TaskFunction<?, ?> function, String jarVersion) {
        String className = function.getClass().getName();
        String name;
        PayloadType<?> input;
        PayloadType<?> output;
        String ownVersion;
        try {
            name = function.name();
            input = function.input();
            output = function.output();
            ownVersion = function.version();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("task function " + className + " cannot describe itself: " + oneLine(e), e);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalStateException("task function " + className + " has the name "
                    + (name == null ? "null" : "'" + name + "'") + ", which is not [a-z0-9][a-z0-9._-]{0,63}");
        }
        if (name.equals(BUILT_IN)) {
            throw new IllegalStateException("task function " + className + " takes the name '" + BUILT_IN
                    + "', which is built in");
        }
        if (input == null || output == null) {
            throw new IllegalStateException("task function '" + name + "' (" + className + ") has no "
                    + (input == null ? "input" : "output") + " type");
        }
        Registered registered = new Registered(function, name, version(ownVersion, jarVersion),
                Codec.of(input, mapper), Codec.of(output, mapper));
        Registered earlier = functions.putIfAbsent(name, registered);
        if (earlier != null) {
            throw new IllegalStateException("two task functions are named '" + name + "': "
                    + earlier.function().getClass().getName() + " and " + className);
        }
    }

    private static String version(String own, String jar) {
        if (own != null && !own.isBlank()) {
            return own.strip();
        }
        if (jar != null && !jar.isBlank()) {
            return jar.strip();
        }
        return "0";
    }

    /** ServiceLoader's reasons name the class; its cause (the constructor's throw) says why. */
    private static String notLoaded(ServiceConfigurationError e) {
        String reason = String.valueOf(e.getMessage());
        String prefix = TaskFunction.class.getName() + ": ";
        if (reason.startsWith(prefix)) {
            reason = reason.substring(prefix.length());
        }
        Throwable cause = e.getCause();
        return "cannot load a task function: " + reason + (cause == null ? "" : ": " + oneLine(cause));
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage();
        String text = message == null || message.isBlank()
                ? t.getClass().getName()
                : t.getClass().getSimpleName() + ": " + message;
        return text.replaceAll("\\s+", " ").strip();
    }

    /** The plug-in's functions, one {@code {name, version, input wire name, output wire name}} each, by name. */
    public List<String[]> functions() {
        List<String[]> answer = new ArrayList<>(functions.size());
        for (Registered function : functions.values()) {
            answer.add(new String[] {
                function.name(),
                function.version(),
                function.function().input().wireName(),
                function.function().output().wireName()
            });
        }
        return answer;
    }

    /**
     * Readies one job's calls: finds the function and parses the job's args once, so that
     * {@link #apply} does per input only what the input needs.
     *
     * @param argsJson a JSON object, or {@code null} or JSON {@code null} for none
     * @return an opaque handle for {@link #apply}, safe to share between threads
     * @throws IllegalArgumentException {@code unknown function 'x'}, or {@code args: } and why
     *     they are not a JSON object
     */
    public Object prepare(String function, String argsJson, String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Registered registered = functions.get(function);
        if (registered == null) {
            throw new IllegalArgumentException("unknown function '" + function + "'");
        }
        return new Prepared(registered, parseArgs(argsJson), jobId, argsReader);
    }

    private ObjectNode parseArgs(String argsJson) {
        if (argsJson == null) {
            return mapper.createObjectNode();
        }
        JsonNode args;
        try {
            args = treeReader.readValue(argsJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("args: expected a JSON object, got invalid JSON ("
                    + JsonMessages.describe(e) + ")", e);
        }
        if (args.isNull()) {
            return mapper.createObjectNode();
        }
        if (args instanceof ObjectNode object) {
            return object;
        }
        throw new IllegalArgumentException("args: expected a JSON object, got " + kind(args));
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> node.asText();
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Computes one input of a prepared job.
     *
     * @param input a {@code BigInteger} for an integer function; otherwise {@code byte[]}: UTF-8
     *     for text, UTF-8 JSON text for json, the bytes themselves for bytes
     * @param attempt 1 for the first attempt at this input, 2 for its first retry, and so on
     * @param cancelled asked by {@link io.computecluster.function.TaskContext#isCancelled()},
     *     besides the thread's interrupt flag; {@code null} for never
     * @return a {@code BigInteger} for an integer result; otherwise {@code byte[]}: UTF-8 for
     *     text, compact JSON text for json, the bytes themselves for bytes
     * @throws IllegalArgumentException when the input does not decode to the function's input
     *     type, naming what was expected
     * @throws IllegalStateException when the function returns {@code null} or a value its output
     *     type cannot carry
     * @throws Exception whatever the function throws, unchanged
     */
    public Object apply(Object prepared, Object input, int attempt, BooleanSupplier cancelled) throws Exception {
        if (!(prepared instanceof Prepared job)) {
            throw new IllegalArgumentException("not a handle from prepare: "
                    + (prepared == null ? "null" : prepared.getClass().getName()));
        }
        return job.apply(input, attempt, cancelled);
    }

    private static ObjectMapper newMapper() {
        return JsonMapper.builder()
                // Inputs often carry more fields than a function reads (args turn this back on).
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // A missing "lat" is a mistake to report, not a 0.0 to compute with.
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // A tree keeps a number exact: 0.1000000000000000001 and 1e400 are not rounded to doubles.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }
}
