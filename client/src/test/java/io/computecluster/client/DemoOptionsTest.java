package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"--workers 0", "--workers x", "--range 5..1", "--range abc", "--range 1..2..3",
        "--chunk 0", "--frobnicate", "extra"})
    void badOptionsExitWithTwoBeforeStartingAnything(String line) {
        Captured run = new Captured();
        assertEquals(ExitCode.USAGE, run.demo(line.split(" ")), run.err());
        assertTrue(run.err().startsWith("error: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void helpNamesTheOptions() {
        Captured run = new Captured();
        assertEquals(ExitCode.OK, run.demo("--help"));
        for (String option : new String[] {"--workers", "--range", "--keep-running", "--chunk", "--tls-dir"}) {
            assertTrue(run.out().contains(option), option);
        }
    }
}
