/**
 * The command-line clients: {@code bin/submit} ({@link io.computecluster.client.SubmitMain}), which
 * submits a job to the master's HTTP API and writes its results, and {@code bin/demo}
 * ({@link io.computecluster.client.DemoMain}), which starts a whole cluster on loopback and checks
 * a job on it end to end.
 */
package io.computecluster.client;
