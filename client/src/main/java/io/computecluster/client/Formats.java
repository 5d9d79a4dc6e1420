package io.computecluster.client;

import java.math.BigInteger;
import java.util.Locale;

/** Number and duration formats shared by the commands' messages. */
final class Formats {
    private Formats() {
    }

    /** {@code 1,234,567}. */
    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 333,338,333,350,000}, whatever the size. */
    static String grouped(BigInteger value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 1.23 s}. */
    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    /** A duration for people: {@code 0.84 s}, {@code 59.99 s}, {@code 4m 05s}, {@code 2h 03m 04s}. */
    static String elapsed(long millis) {
        if (millis < 60_000) {
            return seconds(millis);
        }
        long totalSeconds = millis / 1000;
        long hours = totalSeconds / 3600;
        long minutes = totalSeconds % 3600 / 60;
        long secs = totalSeconds % 60;
        return hours == 0
                ? String.format(Locale.ROOT, "%dm %02ds", minutes, secs)
                : String.format(Locale.ROOT, "%dh %02dm %02ds", hours, minutes, secs);
    }

    /** A compact rate: {@code 950}, {@code 81.2k}, {@code 1.2M}. */
    static String compactRate(double perSecond) {
        if (perSecond >= 999_500) {
            return String.format(Locale.ROOT, "%.1fM", perSecond / 1_000_000);
        }
        if (perSecond >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1_000);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /** Whole percent of {@code part} in {@code whole}, rounded down so that 100% means done. */
    static long percent(long part, long whole) {
        return whole <= 0 ? 0 : Math.min(100, part * 100 / whole);
    }
}
