package io.computecluster.common.tls;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Says whether a refusal is to be logged: once a minute at most for the same key (who was refused,
 * and why), since a refused node keeps retrying, often over several connections at once.
 */
final class RefusalThrottle {
    private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();

    private final Map<String, Long> lastLogged = new HashMap<>();

    /** True when {@code key} was not logged within the last minute; it counts as logged now. */
    synchronized boolean logNow(String key) {
        long now = System.nanoTime();
        Long last = lastLogged.get(key);
        if (last != null && now - last < QUIET_NANOS) {
            return false;
        }
        lastLogged.put(key, now);
        return true;
    }
}
