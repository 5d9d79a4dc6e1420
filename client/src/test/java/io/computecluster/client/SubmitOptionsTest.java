package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubmitOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "--range 1..10 --random 5",
        "--range 1..10 --input x.txt",
        "--range 10..1",
        "--range 1-10",
        "--range 1..x",
        "--random 0",
        "--random abc",
        "--random 5:x",
        "--random 10000001",
        "--range 1..10 --chunk 0",
        "--range 1..10 --chunk -5",
        "--range 1..10 --chunk many",
        "--range 1..10 --api ftp://host",
        "--range 1..10 --api not-a-url",
        "--range 1..10 --api http://127.0.0.1:1,,http://127.0.0.1:2",
        "--range 1..10 --api http://127.0.0.1:1,",
        "--range 1..10 --api http://127.0.0.1:1,ftp://host",
        "--range 1..10 --failover-timeout 0",
        "--range 1..10 --failover-timeout soon",
        "--range 1..10 --frobnicate",
        "--range 1..10 --format csv",
        "--range 1..10 extra",
    })
    void badOptionsExitWithTwoAndOneLine(String line) {
        Captured run = new Captured();
        int code = run.submit(line.isEmpty() ? new String[0] : line.split(" "));
        assertEquals(ExitCode.USAGE, code, run.err());
        String err = run.err();
        assertTrue(err.startsWith("error: ") && !err.startsWith("error: Error"), err);
        assertTrue(err.strip().endsWith("(see --help)"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals("", run.out());
    }

    @Test
    void helpExitsZeroAndNamesEveryOption() {
        Captured run = new Captured();
        assertEquals(ExitCode.OK, run.submit("--help"));
        for (String option : new String[] {"--api", "--failover-timeout", "--range", "--input", "--random",
            "--function", "--args", "--task-timeout", "--format", "--chunk", "--out", "--no-progress"}) {
            assertTrue(run.out().contains(option), option);
        }
    }

    @Test
    void aBadAddressInTheListIsNamedWithWhatWasExpected() {
        Captured empty = new Captured();
        assertEquals(ExitCode.USAGE,
                empty.submit("--range", "1..2", "--api", "http://127.0.0.1:1,,http://127.0.0.1:2"));
        assertEquals("error: Invalid value for option '--api': 'http://127.0.0.1:1,,http://127.0.0.1:2': address 2 is"
                + " empty; " + MasterAddresses.EXPECTED + " (see --help)", empty.err().strip());

        Captured invalid = new Captured();
        assertEquals(ExitCode.USAGE, invalid.submit("--range", "1..2", "--api", "http://127.0.0.1:1,ftp://host"));
        assertEquals("error: Invalid value for option '--api': 'http://127.0.0.1:1,ftp://host': address 2: 'ftp://host'"
                + " is not an http(s) URL with a host, for example http://127.0.0.1:8080 (see --help)",
                invalid.err().strip());
    }

    @Test
    void inputWithABadLineNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("inputs.txt");
        Files.writeString(input, "1\n\n-2\n  3  \nabc\n5\n");
        Captured run = new Captured();
        int code = run.submit("--api", "http://127.0.0.1:1", "--input", input.toString());
        assertEquals(ExitCode.USAGE, code);
        assertEquals("error: " + input + ":5: not an integer: 'abc'", run.err().strip());
    }

    @Test
    void inputThatDoesNotExistIsReported(@TempDir Path dir) {
        Path input = dir.resolve("missing.txt");
        Captured run = new Captured();
        assertEquals(ExitCode.USAGE, run.submit("--input", input.toString()));
        assertEquals("error: " + input + ": no such file", run.err().strip());
    }

    @Test
    void inputWithoutIntegersIsReported(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("blank.txt");
        Files.writeString(input, "\n  \n\n");
        Captured run = new Captured();
        assertEquals(ExitCode.USAGE, run.submit("--input", input.toString()));
        assertTrue(run.err().startsWith("error: " + input + ": no integers"), run.err());
    }

    @Test
    void inputWithATooLongIntegerIsReported(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("long.txt");
        Files.writeString(input, "7\n" + "9".repeat(InputLimits.MAX_DIGITS + 1) + "\n");
        Captured run = new Captured();
        assertEquals(ExitCode.USAGE, run.submit("--input", input.toString()));
        assertTrue(run.err().startsWith("error: " + input + ":2: integer too long"), run.err());
    }

    @Test
    void outIntoAMissingFolderIsRefusedBeforeSubmitting(@TempDir Path dir) {
        Captured run = new Captured();
        Path out = dir.resolve("no-such-folder").resolve("r.tsv");
        assertEquals(ExitCode.USAGE, run.submit("--api", "http://127.0.0.1:1", "--range", "1..3",
                "--out", out.toString()));
        assertTrue(run.err().startsWith("error: --out " + out + ": folder"), run.err());
    }
}
