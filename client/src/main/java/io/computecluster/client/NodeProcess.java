package io.computecluster.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node JVM started by the demo: its name for messages ({@code worker 2}), its cluster port, the
 * process and the file its console output goes to.
 */
record NodeProcess(String name, int port, Process process, Path output) {

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last {@code count} lines of the node's console output (fewer when it wrote fewer). */
    List<String> tail(int count) {
        Deque<String> last = new ArrayDeque<>(count);
        try (Stream<String> lines = Files.lines(output, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                if (last.size() == count) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(cannot read " + output + ": " + e.getMessage() + ")");
        }
        return List.copyOf(last);
    }
}
