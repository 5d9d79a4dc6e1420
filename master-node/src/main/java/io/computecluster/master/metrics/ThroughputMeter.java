package io.computecluster.master.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inputs computed per worker node, as the job manager sees results arrive, and the rates the
 * status page and {@code /metrics} show: tasks per second over the last few seconds, overall and
 * per node, and one sample per tick for the throughput chart. Owned by one actor; not thread-safe.
 */
public final class ThroughputMeter {
    /** Rates are averaged over this long: one tick alone is too jumpy with big chunks. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(5);

    /** One point of the throughput chart. */
    public record Sample(Instant at, long tasksPerSecond) {
    }

    private record Snapshot(Instant at, long total, Map<String, Long> perNode) {
    }

    private final int historySize;
    private final Map<String, Long> doneByNode = new HashMap<>();
    private long total;
    private final ArrayDeque<Snapshot> window = new ArrayDeque<>();
    private final ArrayDeque<Sample> history = new ArrayDeque<>();

    /** Keeps the last {@code historySize} samples for the chart. */
    public ThroughputMeter(int historySize) {
        this.historySize = historySize;
    }

    /** {@code inputs} results of a chunk arrived from {@code node}. */
    public void recorded(String node, long inputs) {
        doneByNode.merge(node, inputs, Long::sum);
        total += inputs;
    }

    /** The node left the cluster: its counts are dropped. */
    public void forget(String node) {
        doneByNode.remove(node);
    }

    /** Called once per tick: adds a chart sample and moves the rate window. */
    public void sample(Instant now) {
        Snapshot last = window.peekLast();
        if (last != null) {
            history.addLast(new Sample(now, rate(last.total(), total, last.at(), now)));
            if (history.size() > historySize) {
                history.removeFirst();
            }
        }
        window.addLast(new Snapshot(now, total, Map.copyOf(doneByNode)));
        while (window.size() > 2 && Duration.between(window.peekFirst().at(), now).compareTo(RATE_WINDOW) > 0) {
            window.removeFirst();
        }
    }

    /** Inputs computed since the master started, over all nodes. */
    public long total() {
        return total;
    }

    /** Inputs computed by the node while it has been in the cluster. */
    public long done(String node) {
        return doneByNode.getOrDefault(node, 0L);
    }

    /** Nodes with results, and how many. */
    public Map<String, Long> doneByNode() {
        return Map.copyOf(doneByNode);
    }

    /** Tasks per second over the rate window, up to the last sample. */
    public long tasksPerSecond() {
        Snapshot first = window.peekFirst();
        Snapshot last = window.peekLast();
        return first == null || first == last ? 0 : rate(first.total(), last.total(), first.at(), last.at());
    }

    /** The node's tasks per second over the rate window. */
    public long tasksPerSecond(String node) {
        Snapshot first = window.peekFirst();
        Snapshot last = window.peekLast();
        if (first == null || first == last) {
            return 0;
        }
        return rate(first.perNode().getOrDefault(node, 0L), last.perNode().getOrDefault(node, 0L),
                first.at(), last.at());
    }

    /** Chart samples, oldest first. */
    public List<Sample> history() {
        return new ArrayList<>(history);
    }

    private static long rate(long from, long to, Instant start, Instant end) {
        long millis = Duration.between(start, end).toMillis();
        return millis <= 0 || to < from ? 0 : (to - from) * 1000 / millis;
    }
}
