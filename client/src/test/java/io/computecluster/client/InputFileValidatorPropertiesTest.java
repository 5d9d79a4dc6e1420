package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.input.IntegerParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random bytes as bin/submit's input file: it is counted, or refused before any upload as a bad
 * usage with one line naming the file (and the line); never another exception, never a hang.
 */
class InputFileValidatorPropertiesTest {
    private static final int MAX_INPUTS = 50;
    private static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("input-file-properties");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.list(dir)) {
            files.forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.delete(dir);
    }

    @Property(tries = 300)
    void randomFilesAreCountedOrRefusedWithOneLineNamingTheFile(@ForAll @Size(max = 2000) byte[] bytes)
            throws IOException {
        Path file = Files.write(dir.resolve("input.txt"), bytes);
        InputFileValidator validator = new InputFileValidator(new IntegerParser(20), MAX_INPUTS);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                long count = validator.validate(file);
                assertTrue(count >= 1 && count <= MAX_INPUTS, "count " + count);
            } catch (CommandFailure refused) {
                assertEquals(ExitCode.USAGE, refused.exitCode(), refused.getMessage());
                assertTrue(refused.getMessage().startsWith(file + ":"), refused.getMessage());
                assertTrue(refused.getMessage().codePoints().noneMatch(Character::isISOControl),
                        "one line: " + refused.getMessage());
            }
        });
    }
}
