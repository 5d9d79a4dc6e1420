package io.computecluster.master;

import com.typesafe.config.Config;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.master.http.ApiToken;
import io.computecluster.master.http.HttpsKeyStore;
import io.computecluster.master.store.StoreSettings;
import java.time.Duration;
import java.util.Optional;

/** Settings of a master node, from {@code compute.master.*}. */
public record MasterSettings(String httpHost, int httpPort, int defaultChunkSize, int maxChunkSize,
                             long maxRequestBytes, int maxInputs, long maxRangeSize, int maxDigits, Duration chunkTimeout,
                             int retainedJobs, long retainedInputs, Duration progressLogInterval,
                             long maxMessageBytes, int maxRunningJobs, Duration requestBodyTimeout,
                             Optional<ApiToken> apiToken, Optional<HttpsKeyStore> https, StoreSettings store) {

    /** Bytes a result takes in memory (a long); big integers take more. */
    static final long BYTES_PER_RESULT = 8;
    /** With {@code auto}: a running job's results may take a third of the heap... */
    static final double HEAP_SHARE_OF_A_JOB = 1.0 / 3;
    /** ...and the results kept of ended jobs a quarter. */
    static final double HEAP_SHARE_OF_ENDED_JOBS = 1.0 / 4;

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
                longOrAuto(reader, prefix + "max-range-size", HEAP_SHARE_OF_A_JOB),
                reader.intBetween(prefix + "max-digits", 1, 10_000_000),
                reader.positiveDuration(prefix + "chunk-timeout"),
                reader.intBetween(prefix + "retained-jobs", 0, 1_000_000),
                longOrAuto(reader, prefix + "retained-inputs", HEAP_SHARE_OF_ENDED_JOBS),
                reader.positiveDuration(prefix + "progress-log-interval"),
                // A chunk and its results must fit in one Artery frame, with room for the envelope.
                reader.bytes("pekko.remote.artery.advanced.maximum-frame-size", 32 * 1024) * 3 / 4,
                reader.intBetween(prefix + "max-running-jobs", 1, 1_000_000),
                reader.positiveDuration(prefix + "request-body-timeout"),
                ApiToken.fromConfig(reader),
                HttpsKeyStore.fromConfig(reader),
                StoreSettings.from(reader));
    }

    /** A count, or {@code auto}: as many results as fit in {@code heapShare} of the maximum heap. */
    private static long longOrAuto(SettingsReader reader, String key, double heapShare) {
        if (reader.config().hasPath(key) && "auto".equals(reader.config().getValue(key).unwrapped())) {
            return Math.max(1, (long) (Runtime.getRuntime().maxMemory() * heapShare / BYTES_PER_RESULT));
        }
        return reader.longBetween(key, 0, Long.MAX_VALUE);
    }
}
