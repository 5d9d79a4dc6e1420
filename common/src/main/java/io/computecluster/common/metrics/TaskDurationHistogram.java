package io.computecluster.common.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A histogram of how long a function took per input, from the compute time of whole chunks. A
 * chunk of {@code n} inputs computed in {@code t} counts as {@code n} observations of {@code t / n},
 * in one step: Micrometer's histograms take one observation at a time, which at a million inputs a
 * second would cost more than the rest of the work. So {@code _count} counts inputs and
 * {@code _sum} is the compute time; a bucket holds the inputs of the chunks whose mean fell in it.
 * With a label name, each value of the label (a function's name) has its own buckets.
 */
public final class TaskDurationHistogram implements Collector {
    /** Upper bounds in seconds, from a small long squared (tens of ns) to a slow plug-in function. */
    private static final double[] BOUNDS = {1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, Double.POSITIVE_INFINITY};

    private final String name;
    private final String help;
    private final String labelName;
    private final Map<String, Buckets> byLabel = new ConcurrentHashMap<>();

    /** @param labelName the label whose values {@link #record(String, int, long)} takes; null: none */
    public TaskDurationHistogram(String name, String help, String labelName) {
        this.name = name;
        this.help = help;
        this.labelName = labelName;
    }

    /** {@code inputs} inputs were computed in {@code nanos} in all; nothing when either is not positive. */
    public void record(int inputs, long nanos) {
        record("", inputs, nanos);
    }

    /** As {@link #record(int, long)}, for the label value {@code label}. */
    public void record(String label, int inputs, long nanos) {
        if (inputs <= 0 || nanos <= 0) {
            return;
        }
        byLabel.computeIfAbsent(label, l -> new Buckets()).record(inputs, nanos);
    }

    @Override
    public MetricSnapshot collect() {
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(name).unit(Unit.SECONDS).help(help);
        if (labelName == null && byLabel.isEmpty()) {
            byLabel.computeIfAbsent("", l -> new Buckets());
        }
        byLabel.forEach((label, buckets) -> histogram.dataPoint(buckets.snapshot(
                labelName == null ? Labels.EMPTY : Labels.of(labelName, label))));
        return histogram.build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }

    private static final class Buckets {
        /** Inputs per bucket (not cumulative); the last is +Inf. */
        private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length);
        private final DoubleAdder sumSeconds = new DoubleAdder();

        void record(int inputs, long nanos) {
            double seconds = nanos / 1e9;
            double perInput = seconds / inputs;
            int bucket = 0;
            while (perInput > BOUNDS[bucket]) {
                bucket++;
            }
            counts.addAndGet(bucket, inputs);
            sumSeconds.add(seconds);
        }

        HistogramSnapshot.HistogramDataPointSnapshot snapshot(Labels labels) {
            long[] snapshot = new long[BOUNDS.length];
            for (int i = 0; i < snapshot.length; i++) {
                snapshot[i] = counts.get(i);
            }
            return HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(labels)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, snapshot))
                    .sum(sumSeconds.sum())
                    .build();
        }
    }
}
