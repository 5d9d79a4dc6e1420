package io.computecluster.client;

import io.computecluster.common.input.InputException;
import io.computecluster.common.input.IntegerRange;
import picocli.CommandLine;

/** Picocli converter for {@code --range A..B}: integers of any size, A not greater than B. */
final class IntegerRangeConverter implements CommandLine.ITypeConverter<IntegerRange> {
    @Override
    public IntegerRange convert(String value) {
        try {
            return IntegerRange.parse(value, InputLimits.parser());
        } catch (InputException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
