package io.computecluster.common.column;

/**
 * The values of a chunk, inputs or results, in input order: the unit in which payloads travel
 * between master and workers and are stored. {@link io.computecluster.common.numbers.Numbers}
 * holds integers, {@link Blobs} every other payload.
 */
public interface Column {

    /** Number of values. */
    int size();

    /** The values {@code from} (inclusive) to {@code to} (exclusive) as a column of their own. */
    Column slice(int from, int to);
}
