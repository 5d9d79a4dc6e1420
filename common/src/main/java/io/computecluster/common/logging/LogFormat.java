package io.computecluster.common.logging;

import java.util.Locale;
import java.util.Optional;

/**
 * How a node writes its log lines, on the console and in its log file: {@code plain} text (the
 * default) or {@code json}, one JSON object per line. Chosen with {@code -Dcompute.log-format},
 * else the {@code COMPUTE_LOG_FORMAT} environment variable.
 */
public enum LogFormat {
    PLAIN,
    JSON;

    /** The system property that chooses the format; it wins over {@link #ENVIRONMENT_VARIABLE}. */
    public static final String SYSTEM_PROPERTY = "compute.log-format";
    public static final String ENVIRONMENT_VARIABLE = "COMPUTE_LOG_FORMAT";

    /** The format named {@code name}, whatever its case and surrounding blanks. */
    public static Optional<LogFormat> named(String name) {
        String wanted = name.strip().toUpperCase(Locale.ROOT);
        for (LogFormat format : values()) {
            if (format.name().equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The name users give and conf/logback.xml uses: {@code plain} or {@code json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
