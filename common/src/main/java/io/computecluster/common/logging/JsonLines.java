package io.computecluster.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The JSON encoder, in a class of its own so that a node logging plain text never loads it. Its
 * lines carry logstash's standard fields ({@code @timestamp}, {@code level}, {@code logger_name},
 * {@code message}, {@code thread_name}, {@code stack_trace}), the MDC, the SLF4J key-value pairs
 * as top-level fields, and the given extra fields.
 */
final class JsonLines {
    private JsonLines() {
    }

    static Encoder<ILoggingEvent> encoder(String extraFields) {
        LogstashEncoder encoder = new LogstashEncoder();
        // On by default in 8.1; set so that an upgrade cannot silently drop them.
        encoder.setIncludeMdc(true);
        encoder.setIncludeKeyValuePairs(true);
        if (extraFields != null && !extraFields.isBlank()) {
            encoder.setCustomFields(extraFields);
        }
        return encoder;
    }
}
