package io.computecluster.worker;

import io.computecluster.worker.plugin.PluginFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A worker actor's prepared plug-in calls, by function, job and args, so that a job's args are
 * parsed once rather than for every chunk. Used by the actor's task runner threads, one at a time.
 */
final class PreparedJobs {
    private static final int KEPT = 8;

    private record Key(PluginFunction function, String jobId, String args) {
    }

    private final Map<Key, Object> prepared = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
            return size() > KEPT;
        }
    };

    /**
     * The prepared call of {@code function} for a job.
     *
     * @throws IllegalArgumentException when the args are not what the function takes
     */
    Object get(PluginFunction function, String args, String jobId) {
        Key key = new Key(function, Objects.requireNonNull(jobId), args);
        synchronized (this) {
            Object handle = prepared.get(key);
            if (handle != null) {
                return handle;
            }
        }
        Object handle = function.plugin().prepare(function.name(), args, jobId);
        synchronized (this) {
            prepared.put(key, handle);
        }
        return handle;
    }
}
