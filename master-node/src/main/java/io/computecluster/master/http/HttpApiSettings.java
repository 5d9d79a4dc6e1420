package io.computecluster.master.http;

import java.time.Duration;
import java.util.Optional;

/**
 * What the HTTP API is told, built by the master's settings from {@code compute.master.*}: who may
 * call it, how much a request body may carry and how fast it must arrive, and the limits a job
 * request is checked against before the job manager sees it.
 *
 * @param apiToken           the token requests must carry; empty: the API is open
 * @param maxRequestBytes    {@code max-request-size}
 * @param requestBodyTimeout {@code request-body-timeout}: a slower body gets a 408
 * @param defaultChunkSize   a job's chunk size when its request names none
 * @param maxChunks          chunks one job may have (a share of the master's heap)
 * @param maxMessageBytes    what one chunk and its results may take in a cluster message
 */
public record HttpApiSettings(Optional<ApiToken> apiToken, long maxRequestBytes, Duration requestBodyTimeout,
                              int defaultChunkSize, int maxChunkSize, int maxInputs, long maxRangeSize,
                              int maxDigits, long maxChunks, long maxMessageBytes) {
}
