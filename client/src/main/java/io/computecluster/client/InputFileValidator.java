package io.computecluster.client;

import io.computecluster.common.input.InputException;
import io.computecluster.common.input.IntegerParser;
import io.computecluster.common.numbers.NumbersBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks an input file line by line before it is uploaded, so that a typo on line 9,000,000 is
 * reported at once with its line number instead of after the upload. Reads the file streaming:
 * nothing of it is kept.
 */
final class InputFileValidator {
    private final IntegerParser parser;
    private final int maxInputs;

    InputFileValidator(IntegerParser parser, int maxInputs) {
        this.parser = parser;
        this.maxInputs = maxInputs;
    }

    /**
     * Returns the number of integers in {@code file}; throws a usage failure naming the file and
     * line of the first bad one.
     */
    long validate(Path file) throws CommandFailure {
        return InputFiles.check(file, "integers", this::validate);
    }

    private long validate(Path file, BufferedReader lines) throws IOException, CommandFailure {
        NumbersBuilder scratch = new NumbersBuilder(1);
        long count = 0;
        long lineNumber = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (count == maxInputs) {
                throw new CommandFailure(ExitCode.USAGE,
                        file + ":" + lineNumber + ": too many inputs: at most " + maxInputs + " per job");
            }
            try {
                parser.parseInto(line, scratch, 0);
            } catch (InputException e) {
                throw new CommandFailure(ExitCode.USAGE, file + ":" + lineNumber + ": " + e.getMessage());
            }
            count++;
        }
        if (count == 0) {
            throw new CommandFailure(ExitCode.USAGE, file + ": no integers: a job needs at least one input");
        }
        return count;
    }
}
