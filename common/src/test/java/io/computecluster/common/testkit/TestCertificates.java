package io.computecluster.common.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Certificate folders for tests, made by the repository's own bin/gen-certs (keytool of this JVM's
 * java.home) under the module's target/test-tls/, once per folder name: later test runs reuse them
 * until {@code mvn clean}, so TLS costs the suite a few seconds at most.
 */
public final class TestCertificates {
    private static final Path GEN_CERTS = ClusterTestKit.CONF.resolveSibling("bin").resolve("gen-certs");
    private static final Path ROOT = Path.of("target", "test-tls");
    private static final Map<String, Path> MADE = new HashMap<>();

    private TestCertificates() {
    }

    /** The certificates every test node uses by default: one CA for the whole test run. */
    public static Path cluster() {
        return folder("cluster");
    }

    /**
     * A folder named {@code name} made with {@code bin/gen-certs DIR args...}; an {@code args}
     * element {@code "{cluster-ca}"} stands for the CA folder of {@link #cluster()}.
     */
    public static synchronized Path folder(String name, String... args) {
        Path made = MADE.get(name);
        if (made != null) {
            return made;
        }
        Path dir = ROOT.resolve(name).toAbsolutePath();
        // The last file bin/gen-certs writes, of either layout.
        if (!Files.isRegularFile(dir.resolve("truststore.password")) && !Files.isRegularFile(dir.resolve("tls.crt"))) {
            generate(dir, args);
        }
        MADE.put(name, dir);
        return dir;
    }

    private static void generate(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(GEN_CERTS.toString(), dir.toString(), "--force"));
        for (String arg : args) {
            command.add("{cluster-ca}".equals(arg) ? cluster().resolve("ca").toString() : arg);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("bin/gen-certs " + String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
