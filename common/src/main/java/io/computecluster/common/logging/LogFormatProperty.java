package io.computecluster.common.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.io.PrintStream;

/**
 * Logback's {@code <define>} of the log format conf/logback.xml switches on: always {@code plain}
 * or {@code json}. An unknown name is reported as one line on stderr, once, and gives plain, so
 * that a typo never leaves a node logging nothing (logback itself would stay silent).
 */
public final class LogFormatProperty extends PropertyDefinerBase {
    private final LogFormatChoice choice;
    private final PrintStream stderr;

    public LogFormatProperty() {
        this(LogFormatChoice.ofThisProcess(), System.err);
    }

    LogFormatProperty(LogFormatChoice choice, PrintStream stderr) {
        this.choice = choice;
        this.stderr = stderr;
    }

    @Override
    public String getPropertyValue() {
        if (choice.problem() != null) {
            stderr.println("warning: " + choice.problem());
            // As INFO: a warning status would make logback print its whole status list.
            addInfo(choice.problem());
        }
        return choice.format().id();
    }
}
