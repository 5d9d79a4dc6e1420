package io.computecluster.master;

import com.typesafe.config.Config;
import io.computecluster.common.config.SettingsReader;
import java.time.Duration;

/** Settings of a master node, from {@code compute.master.*}. */
public record MasterSettings(String httpHost, int httpPort, int defaultChunkSize, int maxChunkSize,
                             long maxRequestBytes, int maxInputs, long maxRangeSize, int maxDigits, Duration chunkTimeout,
                             int retainedJobs, long retainedInputs, Duration progressLogInterval,
                             long maxMessageBytes) {

    public static MasterSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        String prefix = "compute.master.";
        int maxChunkSize = reader.intBetween(prefix + "max-chunk-size", 1, 10_000_000);
        return new MasterSettings(
                reader.string(prefix + "http.host"),
                reader.port(prefix + "http.port"),
                reader.intBetween(prefix + "default-chunk-size", 1, maxChunkSize),
                maxChunkSize,
                reader.bytes(prefix + "max-request-size", 1024),
                reader.intBetween(prefix + "max-inputs", 1, Integer.MAX_VALUE - 8),
                reader.longBetween(prefix + "max-range-size", 1, Long.MAX_VALUE),
                reader.intBetween(prefix + "max-digits", 1, 10_000_000),
                reader.positiveDuration(prefix + "chunk-timeout"),
                reader.intBetween(prefix + "retained-jobs", 0, 1_000_000),
                reader.longBetween(prefix + "retained-inputs", 0, Long.MAX_VALUE),
                reader.positiveDuration(prefix + "progress-log-interval"),
                // A chunk and its results must fit in one Artery frame, with room for the envelope.
                reader.bytes("pekko.remote.artery.advanced.maximum-frame-size", 32 * 1024) * 3 / 4);
    }
}
