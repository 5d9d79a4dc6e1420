package io.computecluster.master.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * {@code compute_task_duration_seconds}: how long the function took per input, from the compute
 * time a worker reports for each chunk. A chunk of {@code n} inputs computed in {@code t} counts as
 * {@code n} observations of {@code t / n}, in one step: Micrometer's histograms take one
 * observation at a time, which at a million inputs a second would cost the job manager more than
 * the rest of its work. So {@code _count} counts inputs and {@code _sum} is the workers' compute
 * time; a bucket holds the inputs of the chunks whose mean fell in it.
 */
final class TaskDurationHistogram implements Collector {
    static final String NAME = "compute_task_duration_seconds";
    /** Upper bounds in seconds, from a small long squared (tens of ns) to a slow plug-in function. */
    private static final double[] BOUNDS = {1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, Double.POSITIVE_INFINITY};

    /** Inputs per bucket (not cumulative); the last is +Inf. */
    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length);
    private final DoubleAdder sumSeconds = new DoubleAdder();

    /** {@code inputs} inputs were computed in {@code nanos} in all; nothing when either is not positive. */
    void record(int inputs, long nanos) {
        if (inputs <= 0 || nanos <= 0) {
            return;
        }
        double seconds = nanos / 1e9;
        double perInput = seconds / inputs;
        int bucket = 0;
        while (perInput > BOUNDS[bucket]) {
            bucket++;
        }
        counts.addAndGet(bucket, inputs);
        sumSeconds.add(seconds);
    }

    @Override
    public MetricSnapshot collect() {
        long[] snapshot = new long[BOUNDS.length];
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = counts.get(i);
        }
        return HistogramSnapshot.builder()
                .name(NAME)
                .unit(Unit.SECONDS)
                .help("Compute time per input as workers measure it: each chunk's compute time over its inputs,"
                        + " counted once per input")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, snapshot))
                        .sum(sumSeconds.sum())
                        .build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
