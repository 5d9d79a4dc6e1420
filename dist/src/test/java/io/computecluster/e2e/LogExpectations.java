package io.computecluster.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lines a node's log file must have, each described in words: a test waits until every one is
 * there (a node writes its log asynchronously) and fails naming those still missing.
 */
final class LogExpectations {
    private final Map<String, Predicate<String>> expected = new LinkedHashMap<>();

    /** A line containing {@code text}. */
    LogExpectations line(String text) {
        return line("'" + text + "'", l -> l.contains(text));
    }

    /** A line that {@code matches}, described as {@code what}. */
    LogExpectations line(String what, Predicate<String> matches) {
        expected.put(what, matches);
        return this;
    }

    /** Waits until {@code file} has every expected line. */
    void awaitIn(Path file, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<String> missing = missingIn(read(file));
            if (!missing.isEmpty()) {
                throw new AssertionError(file + " has no line for: " + String.join(", ", missing));
            }
        });
    }

    private List<String> missingIn(List<String> lines) {
        return expected.entrySet().stream()
                .filter(entry -> lines.stream().noneMatch(entry.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
