/**
 * {@code bench/run}: the cluster benchmark ({@link ClusterBench}; {@code bench/durability}: {@link DurabilityBench}). It
 * starts fresh master and worker JVMs for each worker count, measures throughput, latency, a new
 * worker's first chunk and peak memory through the HTTP API and {@code bin/submit}, runs the Python
 * seed design beside it, and writes a markdown table with the raw numbers as JSON.
 */
package io.computecluster.benchmarks.cluster;
