package io.computecluster.benchmarks.cluster;

import java.util.Arrays;
import java.util.Collection;

/** Median, nearest-rank percentiles, min and max of a set of measurements. */
final class Stats {
    private Stats() {
    }

    /** The median, min and max of some measurements, and how many there were. */
    record Summary(double median, double min, double max, int count) {
    }

    static Summary summarize(Collection<Double> values) {
        double[] sorted = sorted(values.stream().mapToDouble(Double::doubleValue).toArray());
        return new Summary(medianOfSorted(sorted), sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** The middle value, or the mean of the two middle values for an even count. */
    static double median(double... values) {
        return medianOfSorted(sorted(values));
    }

    /**
     * The nearest-rank {@code p}-th percentile (0 &lt; p &le; 100): the smallest value that at least
     * {@code p} % of the values do not exceed. {@code percentile(v, 100)} is the maximum.
     */
    static double percentile(double[] values, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        double[] sorted = sorted(values);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double medianOfSorted(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static double[] sorted(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
