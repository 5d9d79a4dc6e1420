package io.computecluster.client;

import java.util.Locale;
import picocli.CommandLine;

/** {@code --format}: {@code jsonl} or {@code tsv}, in any case. */
final class ResultFormatConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        String format = value.strip().toLowerCase(Locale.ROOT);
        if (!format.equals("jsonl") && !format.equals("tsv")) {
            throw new CommandLine.TypeConversionException("expected jsonl or tsv, got '" + value + "'");
        }
        return format;
    }
}
