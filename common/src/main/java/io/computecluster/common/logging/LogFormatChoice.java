package io.computecluster.common.logging;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The log format asked for by a system property value and an environment variable value (either
 * may be null): the property wins, a blank value counts as not given, and nothing asked means
 * {@link LogFormat#PLAIN}. An unknown name also gives plain, with a problem to report: logs are
 * never lost to a typo.
 *
 * @param problem one line saying what was wrong, or null
 */
public record LogFormatChoice(LogFormat format, String problem) {

    public static LogFormatChoice of(String propertyValue, String environmentValue) {
        String source;
        String value;
        if (propertyValue != null && !propertyValue.isBlank()) {
            source = "-D" + LogFormat.SYSTEM_PROPERTY;
            value = propertyValue;
        } else if (environmentValue != null && !environmentValue.isBlank()) {
            source = LogFormat.ENVIRONMENT_VARIABLE;
            value = environmentValue;
        } else {
            return new LogFormatChoice(LogFormat.PLAIN, null);
        }
        return LogFormat.named(value)
                .map(format -> new LogFormatChoice(format, null))
                .orElseGet(() -> new LogFormatChoice(LogFormat.PLAIN, source + ": unknown log format '" + value.strip()
                        + "', expected one of " + names() + "; logging in the plain format"));
    }

    /** The choice of this JVM: {@code -Dcompute.log-format}, else {@code COMPUTE_LOG_FORMAT}. */
    public static LogFormatChoice ofThisProcess() {
        return of(System.getProperty(LogFormat.SYSTEM_PROPERTY), System.getenv(LogFormat.ENVIRONMENT_VARIABLE));
    }

    private static String names() {
        return Arrays.stream(LogFormat.values()).map(LogFormat::id).collect(Collectors.joining(", "));
    }
}
