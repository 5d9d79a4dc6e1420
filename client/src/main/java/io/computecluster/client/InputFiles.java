package io.computecluster.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file line by line for a check, turning what keeps it from being read into one usage line. */
final class InputFiles {

    /** What reads the file's lines and counts its inputs. */
    @FunctionalInterface
    interface LineCheck {
        long check(Path file, BufferedReader lines) throws IOException, CommandFailure;
    }

    private InputFiles() {
    }

    /**
     * The count {@code check} gives for {@code file}'s lines; a folder, a missing or unreadable file
     * is a usage failure naming the file ({@code expected} says what a file of inputs holds).
     */
    static long check(Path file, String expected, LineCheck check) throws CommandFailure {
        if (Files.isDirectory(file)) {
            throw new CommandFailure(ExitCode.USAGE, file + ": is a directory, expected a file of " + expected);
        }
        // The default decoder replaces malformed bytes, so bad bytes are reported as a bad line.
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            return check.check(file, lines);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCode.USAGE, file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CommandFailure(ExitCode.USAGE, file + ": permission denied");
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.USAGE, file + ": cannot read: " + e.getMessage());
        }
    }
}
