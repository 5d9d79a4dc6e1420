package io.computecluster.client;

import picocli.CommandLine;

/** Picocli converter for counts and sizes that must be at least 1. */
final class PositiveIntConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
        }
        if (parsed < 1) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be at least 1");
        }
        return parsed;
    }
}
