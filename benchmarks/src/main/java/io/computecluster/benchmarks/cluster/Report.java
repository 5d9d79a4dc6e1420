package io.computecluster.benchmarks.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoublePredicate;

/**
 * Collects the raw numbers of a benchmark run and renders them: a markdown table (one row per
 * figure and worker count, with the ratio to the Python baseline and the targets) and JSON.
 */
final class Report {
    /** Worker count whose rows are held against the targets. */
    static final int TARGET_WORKERS = 2;

    static final String PY_SINGLE = "python.single";
    static final String PY_BATCHED = "python.batched";

    /** Which Python baseline a row is compared with. */
    enum Baseline { NONE, SINGLE, BATCHED, SELF }

    /** A target a W=2 row must meet, shown as text. */
    record Target(String text, DoublePredicate met) {
        static Target atLeast(double value, String text) {
            return new Target(text, v -> v >= value);
        }

        static Target below(double value, String text) {
            return new Target(text, v -> v < value);
        }

        static Target atMost(double value, String text) {
            return new Target(text, v -> v <= value);
        }
    }

    /** One kind of row: its key in the raw numbers, label, unit, baseline and target. */
    record Metric(String key, String figure, String unit, Baseline baseline, Target target) {
    }

    /** The rows of the table, in order; each is shown for every worker count that has numbers. */
    static final List<Metric> METRICS = List.of(
            new Metric("chunk1.job", "1 chunk size 1, 1..100000: job time", "tasks/s", Baseline.SINGLE,
                    Target.atLeast(100_000, "≥ 100,000 tasks/s")),
            new Metric("chunk1.client", "1 chunk size 1: client submit→SUCCEEDED", "tasks/s", Baseline.SINGLE, null),
            new Metric("file.submit", "2a bin/submit 1..10M → file: process wall", "tasks/s", Baseline.BATCHED,
                    Target.atLeast(10_000_000, "≥ 10,000,000 tasks/s")),
            new Metric("file.submit.job", "2a bin/submit: job part (finishedAt−submittedAt)", "tasks/s",
                    Baseline.BATCHED, null),
            new Metric("file.api", "2b API submit→file written, 1..10M", "tasks/s", Baseline.BATCHED,
                    Target.atLeast(10_000_000, "≥ 10,000,000 tasks/s")),
            new Metric("file.api.job", "2b job time (elapsedMillis)", "tasks/s", Baseline.BATCHED, null),
            new Metric("file.size", "2 result file size", "MiB", Baseline.NONE, null),
            new Metric("discard.api", "3 API submit→results read and discarded, 1..10M", "tasks/s",
                    Baseline.BATCHED, null),
            new Metric("latency.p50", "4 single-input job latency p50", "ms", Baseline.NONE,
                    Target.below(5, "< 5 ms")),
            new Metric("latency.p90", "4 single-input job latency p90", "ms", Baseline.NONE, null),
            new Metric("latency.p99", "4 single-input job latency p99", "ms", Baseline.NONE,
                    Target.below(20, "< 20 ms")),
            new Metric("latency.max", "4 single-input job latency max", "ms", Baseline.NONE, null),
            new Metric("newworker.firstChunk", "5 new worker JVM start→first chunk done", "s", Baseline.NONE,
                    Target.atMost(3, "≤ 3 s")),
            new Metric("memory.master", "6 master peak RSS (VmHWM) over figure 2", "MiB", Baseline.NONE,
                    Target.below(512, "< 512 MiB")),
            new Metric("memory.worker", "6 worker 1 peak RSS (VmHWM) over figure 2", "MiB", Baseline.NONE, null),
            new Metric(PY_SINGLE, "7 Python seed, 1 number/message, n=20,000", "tasks/s", Baseline.SELF, null),
            new Metric(PY_BATCHED, "7 Python seed, batch 500, n=1,000,000", "tasks/s", Baseline.SELF, null));

    /** One rendered row. */
    record Row(Metric metric, int workers, Stats.Summary summary, Double ratio, String target) {
    }

    private final Map<Integer, Map<String, List<Double>>> samples = new TreeMap<>();
    private final List<Map<String, Object>> details = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    synchronized void add(int workers, String key, double value) {
        samples.computeIfAbsent(workers, w -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new ArrayList<>())
                .add(value);
    }

    /** Raw facts of one run (job ids, byte counts, client times), kept in the JSON only. */
    synchronized void detail(int workers, String figure, Map<String, Object> facts) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("workers", workers);
        entry.put("figure", figure);
        entry.putAll(facts);
        details.add(entry);
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized void fail(String failure) {
        failures.add(failure);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Metric metric : METRICS) {
            for (Map.Entry<Integer, Map<String, List<Double>>> entry : samples.entrySet()) {
                int workers = entry.getKey();
                List<Double> values = entry.getValue().get(metric.key());
                if (values == null || values.isEmpty()) {
                    continue;
                }
                Stats.Summary summary = Stats.summarize(values);
                rows.add(new Row(metric, workers, summary, ratio(metric, workers, summary), target(metric, workers,
                        summary)));
            }
        }
        return rows;
    }

    private Double ratio(Metric metric, int workers, Stats.Summary summary) {
        String baselineKey = switch (metric.baseline()) {
            case SINGLE -> PY_SINGLE;
            case BATCHED -> PY_BATCHED;
            case SELF -> metric.key();
            case NONE -> null;
        };
        List<Double> baseline = baselineKey == null ? null : samples.get(workers).get(baselineKey);
        if (baseline == null || baseline.isEmpty()) {
            return null;
        }
        double median = Stats.summarize(baseline).median();
        return median > 0 ? summary.median() / median : null;
    }

    private static String target(Metric metric, int workers, Stats.Summary summary) {
        if (metric.target() == null || workers != TARGET_WORKERS) {
            return "—";
        }
        return metric.target().text() + ": " + (metric.target().met().test(summary.median()) ? "met" : "missed");
    }

    /** The report as markdown: a title, the header lines as a list, the table, notes and failures. */
    synchronized String markdown(String title, List<String> header) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        for (String line : header) {
            out.append("- ").append(line).append('\n');
        }
        out.append('\n');
        out.append("| figure | workers | median | min | max | unit | ratio to baseline | target |\n");
        out.append("|---|---:|---:|---:|---:|---|---:|---|\n");
        for (Row row : rows()) {
            String unit = row.metric().unit();
            out.append("| ").append(row.metric().figure())
                    .append(" | ").append(row.workers())
                    .append(" | ").append(format(row.summary().median(), unit))
                    .append(" | ").append(format(row.summary().min(), unit))
                    .append(" | ").append(format(row.summary().max(), unit))
                    .append(" | ").append(unit)
                    .append(" | ").append(row.metric().baseline() == Baseline.SELF ? "baseline" : ratio(row.ratio()))
                    .append(" | ").append(row.target())
                    .append(" |\n");
        }
        appendList(out, "Notes", notes);
        appendList(out, "Failures", failures);
        return out.toString();
    }

    /** The raw numbers as JSON: every sample per worker count and figure, the run details, notes and failures. */
    synchronized String json(String title, List<String> header) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", title);
        root.put("header", header);
        Map<String, Object> byWorkers = new LinkedHashMap<>();
        samples.forEach((workers, values) -> byWorkers.put(String.valueOf(workers), values));
        root.put("samples", byWorkers);
        root.put("runs", details);
        root.put("notes", notes);
        root.put("failures", failures);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the raw numbers as JSON", e);
        }
    }

    private static void appendList(StringBuilder out, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append(":\n\n");
        for (String item : items) {
            out.append("- ").append(item).append('\n');
        }
    }

    static String format(double value, String unit) {
        return switch (unit) {
            case "tasks/s", "MiB" -> String.format(Locale.ROOT, "%,.0f", value);
            default -> String.format(Locale.ROOT, "%.2f", value);
        };
    }

    static String ratio(Double ratio) {
        if (ratio == null) {
            return "—";
        }
        if (ratio >= 100) {
            return String.format(Locale.ROOT, "%,.0f×", ratio);
        }
        return String.format(Locale.ROOT, ratio >= 10 ? "%.1f×" : "%.2f×", ratio);
    }
}
