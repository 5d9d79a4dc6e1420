package io.computecluster.worker;

import com.typesafe.config.Config;
import io.computecluster.common.config.SettingsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a worker node, from {@code compute.worker.*}. A worker actor keeps between
 * {@code window} and {@code maxWindow} chunks at hand, enough for {@code inputsInFlight} inputs.
 * One input of a plug-in function may run for {@code taskTimeout} ({@link Duration#ZERO}: no
 * limit) unless its job sets its own; while a plug-in chunk runs, the master hears every
 * {@code progressInterval} that it is still being computed. One message of a chunk's results (a
 * ChunkPart or the ChunkDone) takes at most {@code maxResultBytes}. Plug-in jars come from {@code plugins}: a folder that must exist when
 * {@code pluginsGiven}, else the installation's {@code plugins/}, which may be missing.
 */
public record WorkerSettings(int workers, int window, int maxWindow, int inputsInFlight, int maxTaskAttempts,
                             Duration masterAbsentTimeout, Duration taskTimeout, Duration progressInterval,
                             long maxResultBytes, Path plugins, boolean pluginsGiven) {

    static final String PLUGINS_KEY = "compute.worker.plugins";
    static final String FRAME_KEY = "pekko.remote.artery.advanced.maximum-frame-size";
    /** Room left in a frame for what a ChunkDone or ChunkPart carries besides its results. */
    static final long FRAME_HEADROOM = 64 * 1024;
    /** Pekko's own default frame, for settings made without a config. */
    static final long DEFAULT_FRAME = 256 * 1024;

    /** Settings without plug-ins, with the default task timeout, progress interval and result limit (tests). */
    public WorkerSettings(int workers, int window, int maxWindow, int inputsInFlight, int maxTaskAttempts,
                          Duration masterAbsentTimeout) {
        this(workers, window, maxWindow, inputsInFlight, maxTaskAttempts, masterAbsentTimeout, Duration.ofSeconds(60),
                Duration.ofSeconds(10), autoResultBytes(DEFAULT_FRAME), Path.of("plugins"), false);
    }

    /**
     * A chunk that took this long to compute hides a round trip to the master by itself: a worker
     * of such chunks keeps only its least window at hand, so that a slow job's chunks spread over
     * every worker actor instead of queueing at the first ones that asked.
     */
    static final long SLOW_CHUNK_NANOS = 10_000_000;

    /** Chunks to keep at hand after a chunk of {@code chunkSize} inputs that took {@code computeNanos}. */
    public int windowFor(int chunkSize, long computeNanos) {
        return computeNanos >= SLOW_CHUNK_NANOS ? window : windowFor(chunkSize);
    }

    /** Chunks to keep at hand for chunks of {@code chunkSize} inputs. */
    public int windowFor(int chunkSize) {
        long wanted = (inputsInFlight + (long) chunkSize - 1) / Math.max(1, chunkSize);
        return (int) Math.max(window, Math.min(maxWindow, wanted));
    }

    /** These settings with another task timeout (zero: none). */
    public WorkerSettings withTaskTimeout(Duration timeout) {
        return new WorkerSettings(workers, window, maxWindow, inputsInFlight, maxTaskAttempts, masterAbsentTimeout,
                timeout, progressInterval, maxResultBytes, plugins, pluginsGiven);
    }

    /** These settings with another interval between a plug-in chunk's progress messages. */
    public WorkerSettings withProgressInterval(Duration interval) {
        return new WorkerSettings(workers, window, maxWindow, inputsInFlight, maxTaskAttempts, masterAbsentTimeout,
                taskTimeout, interval, maxResultBytes, plugins, pluginsGiven);
    }

    /** These settings with another limit on a chunk's results. */
    public WorkerSettings withMaxResultBytes(long bytes) {
        return new WorkerSettings(workers, window, maxWindow, inputsInFlight, maxTaskAttempts, masterAbsentTimeout,
                taskTimeout, progressInterval, bytes, plugins, pluginsGiven);
    }

    /** These settings with plug-ins from {@code folder}, which must exist. */
    public WorkerSettings withPlugins(Path folder) {
        return new WorkerSettings(workers, window, maxWindow, inputsInFlight, maxTaskAttempts, masterAbsentTimeout,
                taskTimeout, progressInterval, maxResultBytes, folder, true);
    }

    public static WorkerSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        int workers = reader.intBetween("compute.worker.workers", 0, 1024);
        int window = reader.intBetween("compute.worker.window", 1, 100_000);
        String plugins = config.hasPath(PLUGINS_KEY) ? config.getString(PLUGINS_KEY).strip() : "";
        Path folder = plugins.isEmpty() ? installation(Path.of("plugins")) : installation(Path.of(plugins));
        if (!plugins.isEmpty() && !Files.isDirectory(folder)) {
            throw reader.error(PLUGINS_KEY, "a folder of plug-in jars", folder + " (" + (Files.exists(folder)
                    ? "not a folder" : "no such folder") + ")");
        }
        return new WorkerSettings(
                workers == 0 ? Runtime.getRuntime().availableProcessors() : workers,
                window,
                reader.intBetween("compute.worker.max-window", window, 100_000),
                reader.intBetween("compute.worker.inputs-in-flight", 1, 100_000_000),
                reader.intBetween("compute.worker.max-task-attempts", 1, 100),
                reader.positiveDuration("compute.worker.master-absent-timeout"),
                taskTimeout(reader, "compute.worker.task-timeout"),
                reader.positiveDuration("compute.worker.progress-interval"),
                maxResultBytes(reader, "compute.worker.max-result-bytes"),
                folder,
                !plugins.isEmpty());
    }

    /** {@code off} is no limit; anything else a positive duration. */
    private static Duration taskTimeout(SettingsReader reader, String key) {
        Config config = reader.config();
        if (config.hasPath(key) && "off".equalsIgnoreCase(config.getString(key).strip())) {
            return Duration.ZERO;
        }
        return reader.positiveDuration(key);
    }

    /** {@code auto} is Artery's frame less some room; a size must fit in the frame with that room. */
    private static long maxResultBytes(SettingsReader reader, String key) {
        Config config = reader.config();
        long frame = config.hasPath(FRAME_KEY) ? reader.bytes(FRAME_KEY, 32 * 1024) : DEFAULT_FRAME;
        if (config.hasPath(key) && "auto".equalsIgnoreCase(config.getString(key).strip())) {
            return autoResultBytes(frame);
        }
        long bytes = reader.bytes(key, 1024);
        if (bytes > frame - 1024) {
            throw reader.error(key, "auto or a size below " + FRAME_KEY + " (" + frame + " bytes)",
                    String.valueOf(bytes));
        }
        return bytes;
    }

    static long autoResultBytes(long frame) {
        return Math.max(frame / 2, frame - FRAME_HEADROOM);
    }

    /** A relative folder is taken from the installation ({@code compute.home}), else the working directory. */
    static Path installation(Path dir) {
        String home = System.getProperty("compute.home");
        return (dir.isAbsolute() || home == null ? dir : Path.of(home).resolve(dir)).toAbsolutePath().normalize();
    }
}
