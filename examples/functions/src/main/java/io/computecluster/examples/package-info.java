/**
 * The example plug-in: {@code sha256} (text to text), {@code factor} (integer to JSON) and
 * {@code geo-distance} (JSON to JSON). It shows what a plug-in needs and no more: classes that
 * implement {@link io.computecluster.function.TaskFunction}, a service file naming them, and a
 * jar built against {@code compute-api} with scope {@code provided}.
 */
package io.computecluster.examples;
