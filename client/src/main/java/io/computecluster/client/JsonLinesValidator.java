package io.computecluster.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks a file of inputs for a JSON function before it is uploaded: every line that is not blank
 * holds exactly one JSON value. Reads line by line, parsing each value as a stream of tokens, so
 * nothing of the file is kept; the first bad line is reported with its number.
 */
final class JsonLinesValidator {
    private final JsonFactory json = new JsonFactory();
    private final int maxInputs;

    JsonLinesValidator(int maxInputs) {
        this.maxInputs = maxInputs;
    }

    /** Returns the number of JSON values in {@code file}; throws a usage failure naming the file and line. */
    long validate(Path file) throws CommandFailure {
        return InputFiles.check(file, "JSON values", this::validate);
    }

    private long validate(Path file, BufferedReader lines) throws IOException, CommandFailure {
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
            String problem = problem(line);
            if (problem != null) {
                throw new CommandFailure(ExitCode.USAGE, file + ":" + lineNumber + ": " + problem);
            }
            count++;
        }
        if (count == 0) {
            throw new CommandFailure(ExitCode.USAGE, file + ": no JSON values: a job needs at least one input");
        }
        return count;
    }

    /** What is wrong with {@code line} as one JSON value; null when nothing is. */
    private String problem(String line) throws IOException {
        try (JsonParser parser = json.createParser(line)) {
            parser.nextToken();
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "more than one JSON value on the line (one input per line)";
            }
            return null;
        } catch (JsonProcessingException e) {
            // Jackson's message names its source ("[Source: REDACTED ...]"), which says nothing here.
            String message = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^]]*]\\)", "")
                    .replaceAll("\\s*\\[Source:[^]]*]", "").replaceAll("\\s*\\R\\s*", " ").strip();
            return "malformed JSON" + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr())
                    + ": " + message;
        }
    }
}
