package io.computecluster.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LogFormatChoiceTest {

    @Test
    void plainWhenNothingIsAsked() {
        assertEquals(new LogFormatChoice(LogFormat.PLAIN, null), LogFormatChoice.of(null, null));
        assertEquals(new LogFormatChoice(LogFormat.PLAIN, null), LogFormatChoice.of(" ", ""));
    }

    @Test
    void environmentVariableChoosesWhateverItsCase() {
        assertEquals(LogFormat.JSON, LogFormatChoice.of(null, "json").format());
        assertEquals(LogFormat.JSON, LogFormatChoice.of("", " JSON ").format());
        assertNull(LogFormatChoice.of(null, "Json").problem());
    }

    @Test
    void systemPropertyWinsOverTheEnvironmentVariable() {
        assertEquals(LogFormat.PLAIN, LogFormatChoice.of("plain", "json").format());
        assertEquals(LogFormat.JSON, LogFormatChoice.of("json", "plain").format());
    }

    @Test
    void unknownNameGivesPlainAndOneLineNamingWhereItCameFrom() {
        LogFormatChoice fromEnvironment = LogFormatChoice.of(null, "jsno");
        assertEquals(LogFormat.PLAIN, fromEnvironment.format());
        assertEquals("COMPUTE_LOG_FORMAT: unknown log format 'jsno', expected one of plain, json;"
                + " logging in the plain format",
                fromEnvironment.problem());

        LogFormatChoice fromProperty = LogFormatChoice.of("xml", "json");
        assertEquals(LogFormat.PLAIN, fromProperty.format());
        assertEquals("-Dcompute.log-format: unknown log format 'xml', expected one of plain, json; "
                + "logging in the plain format", fromProperty.problem());
    }
}
