package io.computecluster.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClusterBenchOptionsTest {

    private static ClusterBench parse(String... args) {
        ClusterBench bench = new ClusterBench(new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream()));
        new CommandLine(bench).parseArgs(args);
        return bench;
    }

    @Test
    void defaultsAreThreeRunsOneAndTwoWorkersAllFigures() {
        ClusterBench bench = parse();
        assertEquals(3, bench.runs);
        assertEquals(List.of(1, 2), bench.workerCounts);
        assertEquals(ClusterBench.FIGURES, List.copyOf(bench.parsedFigures()));
    }

    @Test
    void onlyTakesNamesAndNumbersAndRunsThemInTheirOrder() {
        ClusterBench bench = parse("--only", "latency,1", "--workers", "2", "--runs", "5");
        assertEquals(List.of("chunk1", "latency"), List.copyOf(bench.parsedFigures()));
        assertEquals(List.of(2), bench.workerCounts);
        assertEquals(5, bench.runs);
    }

    @Test
    void unknownFiguresAndMemoryWithoutFileAreUsageErrors() {
        CommandLine.ParameterException unknown = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--only", "speed").parsedFigures());
        assertTrue(unknown.getMessage().contains("unknown figure 'speed'"), unknown.getMessage());
        assertThrows(CommandLine.ParameterException.class, () -> parse("--only", "memory").parsedFigures());
        assertEquals(List.of("file", "memory"), List.copyOf(parse("--only", "memory,file").parsedFigures()));
    }
}
