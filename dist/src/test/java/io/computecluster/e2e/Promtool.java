package io.computecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code promtool check metrics} on a node's /metrics, when promtool is installed. */
final class Promtool {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    static boolean installed() {
        return Files.isExecutable(PROMTOOL);
    }

    /**
     * Checks that {@code metrics} parse, and that the compute_* metrics break no lint rule: promtool
     * exits 1 when the text does not parse, 3 when it parses but breaks lint rules (naming, help
     * text), one "<metric> <problem>" line each. Lint problems fail only for the compute_* metrics,
     * whose names we choose; the jvm_, process_ and system_ ones come from Micrometer's binders
     * (system_cpu_count "should not have _count suffix"), names we do not own.
     */
    static void check(String metrics, Path report) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true)
                .redirectOutput(report.toFile()).start();
        try (OutputStream stdin = promtool.getOutputStream()) {
            stdin.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool check metrics did not end");
        int exit = promtool.exitValue();
        String problems = Files.readString(report);
        assertTrue(exit == 0 || exit == 3, "promtool cannot parse /metrics (exit " + exit + "):\n" + problems);
        List<String> ownProblems = problems.lines().filter(line -> line.startsWith("compute_")).toList();
        assertEquals(List.of(), ownProblems, "promtool lint problems of the compute_* metrics");
    }
}
