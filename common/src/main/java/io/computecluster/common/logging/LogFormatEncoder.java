package io.computecluster.common.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * Writes log lines in the {@code format} it is given: {@code plain} with its {@code pattern}, or
 * {@code json}, one object per line (logstash-logback-encoder) with its {@code jsonFields} added.
 * One appender per destination then serves both formats (appenders picked by name would leave the
 * others unreferenced, which logback reports on every start), and only the chosen encoder is built:
 * the JSON one costs a plain node about half a second of start-up.
 */
public final class LogFormatEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NOTHING = new byte[0];

    private String format = LogFormat.PLAIN.id();
    private String pattern;
    private String jsonFields;
    private Encoder<ILoggingEvent> chosen;

    public void setFormat(String format) {
        this.format = format;
    }

    /** The layout of plain lines. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    /** A JSON object whose fields every JSON line also has. */
    public void setJsonFields(String jsonFields) {
        this.jsonFields = jsonFields;
    }

    @Override
    public void start() {
        LogFormat wanted = LogFormat.named(format == null ? "" : format).orElse(null);
        if (wanted == null) {
            addError("format: unknown log format '" + format + "', expected plain or json");
            return;
        }
        if (wanted == LogFormat.PLAIN && pattern == null) {
            addError("no <pattern> for the plain log format");
            return;
        }
        chosen = wanted == LogFormat.JSON ? JsonLines.encoder(jsonFields, getContext()) : plain();
        chosen.setContext(getContext());
        chosen.start();
        super.start();
    }

    private Encoder<ILoggingEvent> plain() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(pattern);
        return encoder;
    }

    @Override
    public void stop() {
        if (chosen != null) {
            chosen.stop();
        }
        super.stop();
    }

    // An encoder that did not start writes nothing: logback has reported why.

    @Override
    public byte[] headerBytes() {
        return chosen == null ? NOTHING : chosen.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return chosen == null ? NOTHING : chosen.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return chosen == null ? NOTHING : chosen.footerBytes();
    }
}
