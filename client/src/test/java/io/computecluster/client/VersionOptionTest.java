package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.cli.Version;
import org.junit.jupiter.api.Test;

/** {@code --version} on the client commands: the version on stdout, exit code 0, nothing started. */
class VersionOptionTest {

    @Test
    void theVersionIsTheBuildsOwn() {
        assertTrue(Version.text().matches("compute-cluster \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Version.text());
    }

    @Test
    void submitAndDemoPrintTheVersionAndExitZero() {
        Captured submit = new Captured();
        assertEquals(ExitCode.OK, submit.submit("--version"), submit.err());
        assertEquals(Version.text(), submit.out().strip());

        Captured demo = new Captured();
        assertEquals(ExitCode.OK, demo.demo("--version"), demo.err());
        assertEquals(Version.text(), demo.out().strip());
    }
}
