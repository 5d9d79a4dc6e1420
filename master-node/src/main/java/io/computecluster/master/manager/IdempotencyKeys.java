package io.computecluster.master.manager;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Idempotency-Keys of the jobs the job manager keeps, each with its job: a submission whose
 * key a kept job holds is answered with that job. A key is free again once its job is erased.
 */
final class IdempotencyKeys {
    private final Map<String, String> jobByKey = new HashMap<>();
    private final Map<String, String> keyByJob = new HashMap<>();

    /** Job {@code jobId} holds {@code key} (null: none), unless another job holds it already; whether it does now. */
    boolean add(String key, String jobId) {
        if (key == null) {
            return false;
        }
        String holder = jobByKey.putIfAbsent(key, jobId);
        if (holder != null) {
            return holder.equals(jobId);
        }
        keyByJob.put(jobId, key);
        return true;
    }

    /** The kept job that holds {@code key}; empty for none, or a null key. */
    Optional<String> jobOf(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(jobByKey.get(key));
    }

    /** Job {@code jobId} is erased: its key, if it holds one, is free. */
    void forget(String jobId) {
        String key = keyByJob.remove(jobId);
        if (key != null) {
            jobByKey.remove(key);
        }
    }

    int size() {
        return jobByKey.size();
    }
}
