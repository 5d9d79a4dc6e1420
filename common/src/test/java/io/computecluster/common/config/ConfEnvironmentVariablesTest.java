package io.computecluster.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable the conf files read starts with {@code COMPUTE_}: names without the
 * prefix are set by other systems too (Kubernetes sets {@code MASTER_PORT=tcp://10.0.0.1:25520} for
 * a Service named master), and a node would take them for its own settings.
 */
class ConfEnvironmentVariablesTest {
    private static final String PREFIX = "COMPUTE_";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\?\\s*([^}\\s]*)\\s*}");

    @Test
    void everyVariableTheConfFilesReadStartsWithThePrefix() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> conf = Files.list(ConfigLoaderTest.CONF)) {
            conf.filter(file -> file.toString().endsWith(".conf")).sorted().forEach(files::add);
        }
        for (String module : List.of("common", "master-node", "worker-node")) {
            Path reference = Path.of("..", module, "src/main/resources/reference.conf");
            if (Files.isRegularFile(reference)) {
                files.add(reference);
            }
        }
        assertTrue(files.stream().anyMatch(file -> file.endsWith("master.conf")), "conf/master.conf is read: " + files);

        List<String> offending = new ArrayList<>();
        int variables = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            variables += VARIABLE.matcher(text).results().count();
            offending.addAll(unprefixed(Path.of("..").relativize(file).toString(), text));
        }
        assertTrue(variables > 10, "the conf files read environment variables: " + variables);
        assertEquals(List.of(), offending, "environment variables without the " + PREFIX + " prefix");
    }

    @Test
    void anUnprefixedVariableIsNamedWithItsFileAndLine() {
        String text = """
                compute {
                  # port = ${?IN_A_COMMENT}
                  port = 25520
                  port = ${?MASTER_PORT}  // a Service named master sets it in Kubernetes
                  host = ${?COMPUTE_HOST}
                  http { host = ${?COMPUTE_HTTP_HOST}, port = ${? MASTER_HTTP_PORT} }
                }
                """;
        assertEquals(List.of("conf/x.conf:4: ${?MASTER_PORT}", "conf/x.conf:6: ${?MASTER_HTTP_PORT}"),
                unprefixed("conf/x.conf", text));
    }

    /** {@code FILE:LINE: ${?NAME}} for each variable outside a comment whose name lacks the prefix. */
    static List<String> unprefixed(String fileName, String text) {
        List<String> offending = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher matcher = VARIABLE.matcher(withoutComment(lines[i]));
            while (matcher.find()) {
                if (!matcher.group(1).startsWith(PREFIX)) {
                    offending.add(fileName + ":" + (i + 1) + ": ${?" + matcher.group(1) + "}");
                }
            }
        }
        return offending;
    }

    /** The line up to a HOCON comment ({@code #} or {@code //} outside a quoted string). */
    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '#' || line.startsWith("//", i))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
