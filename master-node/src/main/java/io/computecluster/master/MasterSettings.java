package io.computecluster.master;

import com.typesafe.config.Config;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.master.http.ApiToken;
import io.computecluster.master.http.HttpApiSettings;
import io.computecluster.master.http.HttpsKeyStore;
import io.computecluster.master.manager.JobManagerSettings;
import io.computecluster.master.store.StoreSettings;
import java.time.Duration;
import java.util.Optional;

/** Settings of a master node, from {@code compute.master.*}. */
public record MasterSettings(String httpHost, int httpPort, int defaultChunkSize, int maxChunkSize,
                             long maxRequestBytes, int maxInputs, long maxRangeSize, int maxDigits, Duration chunkTimeout,
                             int retainedJobs, long retainedInputs, Duration progressLogInterval,
                             long maxMessageBytes, int maxRunningJobs, Duration requestBodyTimeout,
                             Optional<ApiToken> apiToken, Optional<HttpsKeyStore> https, StoreSettings store,
                             long maxChunks, long resultCacheBytes, long maxRunningListInputs,
                             int maxWaitingRequests) {

    /**
     * {@code max-range-size = auto}: results live in the job store (4 to 8 bytes each on disk), so
     * a range job is bounded by time and disk, not by the master's heap.
     */
    static final long AUTO_MAX_RANGE_SIZE = 1_000_000_000L;
    /**
     * {@code retained-inputs = auto}: ended jobs' inputs may take a quarter of the heap at 8 bytes
     * each (a job given as a list keeps its inputs in memory to label its results).
     */
    static final double HEAP_SHARE_OF_ENDED_JOBS = 1.0 / 4;
    static final long BYTES_PER_INPUT = 8;
    /** What the master's heap holds per chunk of a job: where its results are stored, and a few bits. */
    static final long BYTES_PER_CHUNK = 16;
    /** With {@code auto}: the inputs of running jobs given as lists may take a third of the heap, 8 bytes each. */
    static final double HEAP_SHARE_OF_RUNNING_LISTS = 1.0 / 3;
    /** One job's chunks may take a third of the heap. */
    static final double HEAP_SHARE_OF_A_JOB = 1.0 / 3;

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
                longOrAuto(reader, prefix + "max-range-size", AUTO_MAX_RANGE_SIZE),
                reader.intBetween(prefix + "max-digits", 1, 10_000_000),
                reader.positiveDuration(prefix + "chunk-timeout"),
                reader.intBetween(prefix + "retained-jobs", 0, 1_000_000),
                longOrAuto(reader, prefix + "retained-inputs",
                        Math.max(1, (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE_OF_ENDED_JOBS / BYTES_PER_INPUT))),
                reader.positiveDuration(prefix + "progress-log-interval"),
                // A chunk and its results must fit in one Artery frame, with room for the envelope.
                reader.bytes("pekko.remote.artery.advanced.maximum-frame-size", 32 * 1024) * 3 / 4,
                reader.intBetween(prefix + "max-running-jobs", 1, 1_000_000),
                reader.positiveDuration(prefix + "request-body-timeout"),
                ApiToken.fromConfig(reader),
                HttpsKeyStore.fromConfig(reader),
                StoreSettings.from(reader),
                Math.max(1, (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE_OF_A_JOB / BYTES_PER_CHUNK)),
                reader.bytes(prefix + "result-cache-size", 0),
                longOrAuto(reader, prefix + "max-running-list-inputs",
                        Math.max(1, (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE_OF_RUNNING_LISTS / BYTES_PER_INPUT))),
                reader.intBetween(prefix + "max-waiting-requests", 1, 10_000_000));
    }

    /** What the job manager is told. */
    public JobManagerSettings jobManager() {
        return new JobManagerSettings(maxRunningJobs, maxRunningListInputs, maxWaitingRequests, chunkTimeout,
                progressLogInterval, retainedJobs, retainedInputs);
    }

    /** What the HTTP API is told. */
    public HttpApiSettings http() {
        return new HttpApiSettings(apiToken, maxRequestBytes, requestBodyTimeout, defaultChunkSize, maxChunkSize,
                maxInputs, maxRangeSize, maxDigits, maxChunks, maxMessageBytes);
    }

    /** A count, or {@code auto}: {@code autoValue}. */
    private static long longOrAuto(SettingsReader reader, String key, long autoValue) {
        if (reader.config().hasPath(key) && "auto".equals(reader.config().getValue(key).unwrapped())) {
            return autoValue;
        }
        return reader.longBetween(key, 0, Long.MAX_VALUE);
    }
}
