package io.computecluster.compute.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One spell during which the masters fail a client: how many attempts failed, why each master
 * failed last, and how long the client may still keep trying. Its clock starts at the first failure,
 * so that a long upload that then breaks still gets the whole patience.
 */
final class MasterOutage {
    private static final long FIRST_PAUSE_MILLIS = 250;
    private static final long MAX_PAUSE_MILLIS = 500;

    private final List<URI> addresses;
    private final Duration patience;
    private final String[] lastReasons;
    private long startNanos;
    private int failures;

    MasterOutage(List<URI> addresses, Duration patience) {
        this.addresses = addresses;
        this.patience = patience;
        this.lastReasons = new String[addresses.size()];
    }

    /** Counts a failed attempt on the master at {@code index}. */
    void failed(int index, String reason) {
        if (failures == 0) {
            startNanos = System.nanoTime();
        }
        failures++;
        lastReasons[index] = reason;
    }

    /** Whether the last failure ended a round over every address. */
    boolean roundComplete() {
        return failures % addresses.size() == 0;
    }

    /** Whether the failures so far all fall in the first round: switches worth telling about. */
    boolean inFirstRound() {
        return failures <= addresses.size();
    }

    /** Whether a whole round failed and the patience is spent: time to give up. */
    boolean over() {
        return roundComplete() && elapsed().compareTo(patience) >= 0;
    }

    /** The pause after a failed round: short, growing a little, never past the patience. */
    Duration pause() {
        int round = failures / addresses.size();
        long millis = Math.min(MAX_PAUSE_MILLIS, Math.round(FIRST_PAUSE_MILLIS * Math.pow(1.5, round - 1)));
        // Rounded up: a pause that ends a hair short of the patience would start a round of its own.
        long leftMillis = (patience.minus(elapsed()).toNanos() + 999_999) / 1_000_000;
        return Duration.ofMillis(Math.max(0, Math.min(millis, leftMillis)));
    }

    /** The error once the client gives up: every address with why it failed last. */
    MasterUnreachableException giveUp(Throwable last) {
        Map<URI, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (lastReasons[i] != null) {
                reasons.put(addresses.get(i), lastReasons[i]);
            }
        }
        return MasterUnreachableException.everywhere(reasons, patience, last);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
