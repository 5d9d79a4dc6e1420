package io.computecluster.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** conf/logback.xml itself, in a logger context of its own: the log file in each format. */
class NodeLogConfigTest {
    private static final Path CONFIG = Path.of("..", "conf", "logback.xml");
    private static final String LOG_FILES = "compute.log-files";

    @TempDir
    Path logDir;

    @AfterEach
    void forgetFormatAndFiles() {
        System.clearProperty(LogFormat.SYSTEM_PROPERTY);
        System.clearProperty(LOG_FILES);
    }

    @Test
    void plainLinesAreTheDefault() throws Exception {
        List<String> lines = logOneLineOfEach(null);

        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  NodeLogConfigTest "
                + "\\[pekko://compute-cluster@10\\.0\\.0\\.5:25520] - Job j-1 SUCCEEDED"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" ERROR NodeLogConfigTest [pekko://compute-cluster@10.0.0.5:25520] - boom"),
                lines.get(1));
        assertEquals("java.lang.IllegalStateException: broken", lines.get(2));
    }

    @Test
    void jsonLinesCarryNodeMdcKeyValuePairsAndStackTrace() throws Exception {
        List<String> lines = logOneLineOfEach("json");
        ObjectMapper json = new ObjectMapper();

        assertEquals(2, lines.size(), "one line per event, the stack trace inside: " + lines);
        JsonNode info = json.readTree(lines.get(0));
        assertEquals("Job j-1 SUCCEEDED", info.path("message").asText());
        assertEquals("INFO", info.path("level").asText());
        assertEquals(NodeLogConfigTest.class.getName(), info.path("logger_name").asText());
        assertEquals(Thread.currentThread().getName(), info.path("thread_name").asText());
        assertTrue(info.path("@timestamp").isTextual(), lines.get(0));
        assertEquals("master", info.path("role").asText());
        assertEquals("10.0.0.5:25520", info.path("node").asText());
        assertEquals("pekko://compute-cluster@10.0.0.5:25520", info.path("pekkoAddress").asText());
        assertEquals("j-1", info.path("jobId").asText(), "key-value pairs are fields: " + lines.get(0));
        assertEquals(7, info.path("chunkId").asInt(), lines.get(0));
        assertEquals("[3,5,8]", info.path("chunkIds").toString(), "a list is a JSON array: " + lines.get(0));

        JsonNode error = json.readTree(lines.get(1));
        assertEquals("ERROR", error.path("level").asText());
        assertTrue(error.path("stack_trace").asText().startsWith("java.lang.IllegalStateException: broken"),
                lines.get(1));
    }

    @Test
    void theFileIsNamedAfterTheBoundPortAndHasTheLinesLoggedBeforeFirst() throws Exception {
        LoggerContext context = configure(null);
        Logger log = context.getLogger(NodeLogConfigTest.class);
        log.info("before the port is bound");
        // The asynchronous appender hands lines on in its own time: wait until the one above has waited.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> waiting(context) == 1);
        try (var files = Files.list(logDir)) {
            assertEquals(0, files.count(), "no file before the port is known");
        }

        Path file = NodeLog.bound(context, "10.0.0.5", 41234).orElseThrow();
        log.info("after");
        context.stop();

        assertEquals(logDir.resolve("master-41234.log"), file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" - before the port is bound"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" - after"), lines.get(1));
    }

    @Test
    void logFilesOffMakesNeitherFileNorFolder() throws Exception {
        System.setProperty(LOG_FILES, "off");
        Path folder = logDir.resolve("logs");
        LoggerContext context = configure(null, folder);
        context.getLogger(NodeLogConfigTest.class).info("to the console only");

        assertTrue(NodeLog.bound(context, "10.0.0.5", 41234).isEmpty(), "no log file");
        context.getLogger(NodeLogConfigTest.class).info("still the console only");
        context.stop();

        assertFalse(Files.exists(folder), "no log folder: " + folder);
    }

    @Test
    void jsonLinesWrittenLateGetTheNodeOfThePortBoundSince() throws Exception {
        LoggerContext context = configure("json");
        context.getLogger(NodeLogConfigTest.class).info("early");
        NodeLog.bound(context, "10.0.0.5", 41234);
        context.stop();

        JsonNode early = new ObjectMapper().readTree(Files.readAllLines(logDir.resolve("master-41234.log")).get(0));
        assertEquals("early", early.path("message").asText());
        assertEquals("10.0.0.5:41234", early.path("node").asText());
        assertEquals("master", early.path("role").asText());
    }

    @Test
    void unknownFormatIsOneLineOnStderrAndLogsPlain() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        List<String> lines;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            lines = logOneLineOfEach("yaml");
        } finally {
            System.setErr(originalErr);
        }

        assertEquals("warning: -Dcompute.log-format: unknown log format 'yaml', expected one of plain, json; "
                + "logging in the plain format" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        assertTrue(lines.get(0).endsWith(" - Job j-1 SUCCEEDED"), lines.get(0));
    }

    /** Configures a context from conf/logback.xml, logs an INFO and an ERROR line, returns the file's lines. */
    private List<String> logOneLineOfEach(String format) throws JoranException, IOException {
        LoggerContext context = configure(format);
        NodeLog.bound(context, "10.0.0.5", 25520);
        Logger log = context.getLogger(NodeLogConfigTest.class);
        context.getMDCAdapter().put("pekkoAddress", "pekko://compute-cluster@10.0.0.5:25520");
        log.atInfo().addKeyValue("jobId", "j-1").addKeyValue("chunkId", 7)
                .addKeyValue("chunkIds", List.of(3, 5, 8)).log("Job {} SUCCEEDED", "j-1");
        log.error("boom", new IllegalStateException("broken"));
        // Stopping drains the asynchronous appenders into the file.
        context.stop();
        return Files.readAllLines(logDir.resolve("master-25520.log"));
    }

    /** A context of its own configured from conf/logback.xml, as a master's is before it has bound its port. */
    private LoggerContext configure(String format) throws JoranException {
        return configure(format, logDir);
    }

    private LoggerContext configure(String format, Path folder) throws JoranException {
        if (format != null) {
            System.setProperty(LogFormat.SYSTEM_PROPERTY, format);
        }
        LoggerContext context = new LoggerContext();
        // A context of its own needs an MDC of its own (the static MDC serves the global one).
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("compute.node.role", "master");
        context.putProperty("compute.log-dir", folder.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(CONFIG.toFile());
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            assertTrue(status.getLevel() == Status.INFO, "logback reported: " + status);
        }
        return context;
    }

    /** The lines the node's file appender holds until the port is bound. */
    private static int waiting(LoggerContext context) {
        return ((NodeFileAppender) context.getObject(NodeFileAppender.CONTEXT_KEY)).waitingLines();
    }
}
