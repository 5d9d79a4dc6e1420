package io.computecluster.client;

import io.computecluster.api.JobStatus;
import io.computecluster.common.input.IntegerRange;
import java.util.Map;
import java.util.TreeMap;

/** The summary {@code bin/demo} prints once the job is verified. */
final class DemoSummary {
    private static final String INDENT = "  ";
    private static final int LABEL_WIDTH = 14;

    private DemoSummary() {
    }

    /**
     * @param wallMillis milliseconds from the submit request to the last result line read
     */
    static String format(String function, IntegerRange range, JobStatus status,
                         ResultVerifier.Verification verification, long wallMillis) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append("Demo job ").append(status.id()).append(": ").append(function).append(" over ")
                .append(range.from()).append("..").append(range.to()).append(nl);
        row(out, "inputs", Formats.grouped(range.count()));
        row(out, "results", Formats.grouped(verification.lines())
                + (verification.ok() ? " (all exact, in order)" : " (" + verification.problemCount() + " wrong)"));
        row(out, "checksum", Formats.grouped(verification.checksum()) + " (sum of results)");
        row(out, "wall time", Formats.seconds(wallMillis) + " (submit to last result)");
        row(out, "throughput", Formats.grouped(Math.round(status.throughput())) + " tasks/s (job time "
                + Formats.seconds(status.elapsedMillis()) + ")");
        Map<String, Long> nodes = new TreeMap<>(status.workerNodes());
        if (nodes.isEmpty()) {
            row(out, "worker nodes", "(the master reported none)");
        } else {
            int nameWidth = nodes.keySet().stream().mapToInt(String::length).max().orElse(0);
            int countWidth = nodes.values().stream().mapToInt(count -> Formats.grouped(count).length()).max().orElse(0);
            String label = "worker nodes";
            for (Map.Entry<String, Long> node : nodes.entrySet()) {
                row(out, label, String.format("%-" + nameWidth + "s  %" + countWidth + "s",
                        node.getKey(), Formats.grouped(node.getValue())));
                label = "";
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(INDENT).append(String.format("%-" + LABEL_WIDTH + "s", label)).append(value)
                .append(System.lineSeparator());
    }
}
