package io.computecluster.client;

import io.computecluster.api.FunctionList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which function a job names, chosen from {@code GET /functions} as the master chooses it, so that
 * the client knows the function's input type (how to send the inputs, whether a range fits) and
 * refuses a function no worker has offered before anything is uploaded.
 */
final class FunctionCatalog {
    static final String SQUARE = "square";
    static final String BUILT_IN = "built-in";
    static final String INTEGER = "integer";
    static final String TEXT = "text";
    static final String JSON = "json";
    static final String BYTES = "bytes";

    /** Built-in square: every master knows it, whether or not a worker has joined yet. */
    static final FunctionList.Function SQUARE_FUNCTION =
            new FunctionList.Function(SQUARE, BUILT_IN, INTEGER, INTEGER, List.of());

    private FunctionCatalog() {
    }

    /** Whether {@code requested} ({@code NAME} or {@code NAME@VERSION}) is built-in square. */
    static boolean isSquare(String requested) {
        String text = requested.trim();
        return text.equals(SQUARE) || text.equals(SQUARE + "@" + BUILT_IN);
    }

    /**
     * The version of {@code requested} a new job runs: the version named, else the newest a live
     * worker offers, else the newest offered before ({@code functions} lists each name's versions
     * newest first). Empty when no worker has offered it.
     */
    static Optional<FunctionList.Function> resolve(FunctionList functions, String requested) {
        String text = requested.trim();
        int at = text.indexOf('@');
        String name = at < 0 ? text : text.substring(0, at);
        List<FunctionList.Function> named = functions.functions().stream()
                .filter(function -> name.equals(function.name())).toList();
        if (at >= 0) {
            String version = text.substring(at + 1);
            return named.stream().filter(function -> version.equals(function.version())).findFirst();
        }
        Optional<FunctionList.Function> live = named.stream().filter(function -> !function.nodes().isEmpty())
                .findFirst();
        return live.isPresent() ? live : named.stream().findFirst();
    }

    /** The master's own words for a function it does not know, naming those it does. */
    static String unknown(FunctionList functions, String requested) {
        String text = requested.trim();
        int at = text.indexOf('@');
        return (at >= 0 ? "function " + text + " has not been offered by any worker"
                : "unknown function '" + text + "'") + ": the functions workers offer are " + describe(functions);
    }

    /** {@code square, sha256@1.0.0}: built-in functions by name alone. */
    static String describe(FunctionList functions) {
        return functions.functions().stream()
                .map(function -> BUILT_IN.equals(function.version()) ? function.name()
                        : function.name() + "@" + function.version())
                .collect(Collectors.joining(", "));
    }

    /** {@code sha256@1.0.0}, or {@code square} for a built-in one. */
    static String label(FunctionList.Function function) {
        return BUILT_IN.equals(function.version()) ? function.name() : function.name() + "@" + function.version();
    }
}
