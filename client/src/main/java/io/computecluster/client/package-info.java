/**
 * The command-line clients: {@code bin/compute} ({@link io.computecluster.client.ComputeMain}), one
 * command with verbs for jobs, results, functions and the cluster; {@code bin/submit}
 * ({@link io.computecluster.client.SubmitMain}), its submit verb, which submits a job to the master's
 * HTTP API and writes its results; and {@code bin/demo}
 * ({@link io.computecluster.client.DemoMain}), which starts a whole cluster on loopback and checks
 * a job on it end to end.
 */
package io.computecluster.client;
