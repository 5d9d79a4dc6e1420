package io.computecluster.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The JSON encoder, in a class of its own so that a node logging plain text never loads it. Its
 * lines carry logstash's standard fields ({@code @timestamp}, {@code level}, {@code logger_name},
 * {@code message}, {@code thread_name}, {@code stack_trace}), the MDC, the SLF4J key-value pairs
 * as top-level fields, the given extra fields, and {@code node} once the node has bound its port
 * ({@link NodeJsonProvider}).
 */
final class JsonLines {
    private JsonLines() {
    }

    static Encoder<ILoggingEvent> encoder(String extraFields, ch.qos.logback.core.Context context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.addProvider(new NodeJsonProvider(NodeJsonProvider.addressOf(context)));
        // On by default in 8.1; set so that an upgrade cannot silently drop them.
        encoder.setIncludeMdc(true);
        encoder.setIncludeKeyValuePairs(true);
        // Not the logback context's properties: none of them is a field of a node's lines.
        encoder.setIncludeContext(false);
        if (extraFields != null && !extraFields.isBlank()) {
            encoder.setCustomFields(extraFields);
        }
        return encoder;
    }
}
