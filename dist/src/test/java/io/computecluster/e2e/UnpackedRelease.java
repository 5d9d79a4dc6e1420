package io.computecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The release archive ({@code dist/target/compute-cluster-VERSION.tar.gz}) unpacked into a folder of
 * a test, with the environment a host that has only a Java runtime gives its commands: a PATH of the
 * JDK's bin/ and /usr/bin:/bin, where {@code mvn} is a stub that records each call and fails, so that
 * a command that tried to build is seen ({@link #mavenCalls()}).
 *
 * @param home        the installation: the archive's one top folder
 * @param mavenCalls  the file the stub writes its calls to; absent while none was made
 * @param environment what the commands' environment sets (a null value removes the variable)
 */
record UnpackedRelease(Path home, Path mavenCalls, Map<String, String> environment) {
    static final String VERSION = System.getProperty("release.version", "0.1.0-SNAPSHOT");
    static final Path ARCHIVE = Path.of(System.getProperty("release.archive",
            Installation.ROOT.resolve("dist/target/compute-cluster-" + VERSION + ".tar.gz").toString()));

    /** Unpacks the archive into {@code dir}/opt and puts the Maven stub in {@code dir}/stubs. */
    static UnpackedRelease into(Path dir) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(ARCHIVE), "no release archive at " + ARCHIVE + " (mvn package in dist makes it)");
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "-xzf", ARCHIVE.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tar.out").toFile()).start();
        assertTrue(tar.waitFor(2, TimeUnit.MINUTES), "tar ran too long");
        assertEquals(0, tar.exitValue(), () -> "tar: " + read(dir.resolve("tar.out")));
        try (var top = Files.list(unpacked)) {
            assertEquals(List.of(unpacked.resolve("compute-cluster-" + VERSION)), top.toList(), "one top folder");
        }

        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Path mavenCalls = dir.resolve("mvn-calls");
        Path mvn = stubs.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"mvn $*\" >>'" + mavenCalls + "'\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", stubs + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        environment.put("JAVA_HOME", null);
        return new UnpackedRelease(unpacked.resolve("compute-cluster-" + VERSION), mavenCalls,
                Collections.unmodifiableMap(environment));
    }

    /** What the Maven stub was asked, one call a line; empty when no command called Maven. */
    String mavenCallsMade() {
        return Files.exists(mavenCalls) ? read(mavenCalls) : "";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
