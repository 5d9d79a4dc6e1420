package io.computecluster.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void rendersTheTableWithRatiosAndTargetsForTwoWorkers() {
        Report report = new Report();
        for (double v : new double[] {4000, 5000, 6000}) {
            report.add(2, Report.PY_SINGLE, v);
        }
        report.add(2, Report.PY_BATCHED, 1_000_000);
        report.add(1, Report.PY_SINGLE, 5000);
        for (double v : new double[] {150_000, 90_000, 120_000}) {
            report.add(2, "chunk1.job", v);
        }
        report.add(1, "chunk1.job", 20_000);
        report.add(2, "file.api", 8_000_000);
        report.add(2, "latency.p50", 3.456);
        report.add(2, "latency.p99", 25);
        report.add(2, "memory.master", 300.4);
        report.note("a note");

        String markdown = report.markdown("Cluster benchmark T", List.of("date: today", "machine: here"));

        String expected = """
                # Cluster benchmark T

                - date: today
                - machine: here

                | figure | workers | median | min | max | unit | ratio to baseline | target |
                |---|---:|---:|---:|---:|---|---:|---|
                | 1 chunk size 1, 1..100000: job time | 1 | 20,000 | 20,000 | 20,000 | tasks/s | 4.00× | — |
                | 1 chunk size 1, 1..100000: job time | 2 | 120,000 | 90,000 | 150,000 | tasks/s | 24.0× | ≥ 100,000 tasks/s: met |
                | 2b API submit→file written, 1..10M | 2 | 8,000,000 | 8,000,000 | 8,000,000 | tasks/s | 8.00× | ≥ 10,000,000 tasks/s: missed |
                | 4 single-input job latency p50 | 2 | 3.46 | 3.46 | 3.46 | ms | — | < 5 ms: met |
                | 4 single-input job latency p99 | 2 | 25.00 | 25.00 | 25.00 | ms | — | < 20 ms: missed |
                | 6 master peak RSS (VmHWM) over figure 2 | 2 | 300 | 300 | 300 | MiB | — | < 512 MiB: met |
                | 7 Python seed, 1 number/message, n=20,000 | 1 | 5,000 | 5,000 | 5,000 | tasks/s | baseline | — |
                | 7 Python seed, 1 number/message, n=20,000 | 2 | 5,000 | 4,000 | 6,000 | tasks/s | baseline | — |
                | 7 Python seed, batch 500, n=1,000,000 | 2 | 1,000,000 | 1,000,000 | 1,000,000 | tasks/s | baseline | — |

                Notes:

                - a note
                """;
        assertEquals(expected, markdown);
    }

    @Test
    void withoutABaselineTheRatioIsADash() {
        Report report = new Report();
        report.add(2, "discard.api", 3_000_000);
        assertEquals(1, report.rows().size());
        assertEquals(null, report.rows().get(0).ratio());
        assertTrue(report.markdown("t", List.of()).contains("| 3,000,000 | tasks/s | — | — |"));
    }

    @Test
    void failuresAreListedAfterTheTable() {
        Report report = new Report();
        report.fail("W=2 latency: boom");
        String markdown = report.markdown("t", List.of());
        assertTrue(markdown.endsWith("\nFailures:\n\n- W=2 latency: boom\n"), markdown);
        assertEquals(List.of("W=2 latency: boom"), report.failures());
    }

    @Test
    void jsonHoldsEverySampleAndTheRunDetails() throws Exception {
        Report report = new Report();
        report.add(1, "chunk1.job", 10);
        report.add(1, "chunk1.job", 30);
        report.detail(1, "chunk1", Map.of("job", "j-1"));
        JsonNode json = new ObjectMapper().readTree(report.json("t", List.of("h")));
        assertEquals(30.0, json.at("/samples/1/chunk1.job/1").asDouble());
        assertEquals("j-1", json.at("/runs/0/job").asText());
        assertEquals("h", json.at("/header/0").asText());
    }

    @Test
    void formatsByUnitAndRatiosBySize() {
        assertEquals("1,234,568", Report.format(1_234_567.6, "tasks/s"));
        assertEquals("0.05", Report.format(0.0512, "ms"));
        assertEquals("2.50", Report.format(2.5, "s"));
        assertEquals("1,235×", Report.ratio(1234.6));
        assertEquals("12.3×", Report.ratio(12.34));
        assertEquals("0.50×", Report.ratio(0.5));
        assertEquals("—", Report.ratio(null));
    }
}
