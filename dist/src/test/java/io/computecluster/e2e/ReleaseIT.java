package io.computecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.computecluster.client.local.LocalNode;
import io.computecluster.client.local.LocalNodes;
import io.computecluster.common.testkit.TestCertificates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked into a folder of its own and run with a PATH of a
 * JDK's bin/ and /usr/bin:/bin, where {@code mvn} is a stub that records the call and fails, so that
 * a command that tried to build would be seen. Every command's {@code --version}, a master and a
 * worker from the release running a squaring job with bin/submit (and the class data archive a
 * command makes in the installation), the systemd units (when systemd-analyze is there) and the
 * container image's Dockerfile against the archive.
 */
class ReleaseIT {
    private static final Path ROOT = Installation.ROOT;
    private static final String VERSION = UnpackedRelease.VERSION;
    private static final Path ARCHIVE = UnpackedRelease.ARCHIVE;
    private static final List<String> COMMANDS = List.of("master", "worker", "compute", "submit", "status", "demo",
            "gen-certs");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    private static Path release;
    private static Path mavenCalls;
    private static Map<String, String> environment;
    private static LocalNodes nodes;

    @BeforeAll
    static void unpack() throws Exception {
        UnpackedRelease unpacked = UnpackedRelease.into(dir);
        release = unpacked.home();
        mavenCalls = unpacked.mavenCalls();
        environment = new LinkedHashMap<>(unpacked.environment());
        environment.put("JAVA_OPTS", "-Xmx384m");
        environment.put("COMPUTE_LOG_FILES", "off");
        nodes = new LocalNodes(LocalNodes.NodeCommand.scripts(release), release, dir.resolve("out"), "",
                new PrintStream(System.err));
        environment.forEach(nodes::environment);
        // The nodes make no class data archive: dumping one as they stop would only lengthen the test;
        // bin/submit's shows that a command makes one.
        nodes.environment("COMPUTE_CLASS_ARCHIVE_DIR", "/proc/no-class-archive");
    }

    @AfterAll
    static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void theArchiveHoldsWhatAnInstallationNeeds() {
        for (String command : COMMANDS) {
            assertTrue(Files.isExecutable(release.resolve("bin").resolve(command)), "bin/" + command);
        }
        for (String file : List.of("bin/lib/launch.sh", "lib/compute-cluster.jar", "conf/cluster.conf",
                "conf/master.conf", "conf/worker.conf", "conf/logback.xml", "plugins/README.md",
                "examples/example-functions-" + VERSION + ".jar", "systemd/compute-master.service",
                "systemd/compute-worker.service", "LICENSE", "NOTICE", "THIRD-PARTY.txt", "README.md")) {
            assertTrue(Files.isRegularFile(release.resolve(file)), file);
        }
        assertFalse(Files.exists(release.resolve("conf/tls")), "no development certificates of the build");
        assertFalse(Files.exists(release.resolve("pom.xml")), "no pom.xml: bin/ runs lib/compute-cluster.jar");
    }

    @Test
    void everyCommandPrintsItsVersionWithoutMaven() throws Exception {
        Map<String, Process> started = new LinkedHashMap<>();
        for (String command : COMMANDS) {
            started.put(command, start(List.of(release.resolve("bin").resolve(command).toString(), "--version"),
                    release, environment, dir.resolve(command + "-version.out")));
        }
        for (var entry : started.entrySet()) {
            Result result = await(entry.getValue(), dir.resolve(entry.getKey() + "-version.out"));
            assertEquals(new Result(0, "compute-cluster " + VERSION + "\n"), result, "bin/" + entry.getKey());
        }
        assertFalse(Files.exists(mavenCalls), () -> "a command called Maven: " + read(mavenCalls));
        assertEquals(List.of(), classArchives("ComputeMain-"), "no class data archive from --version alone");
    }

    @Test
    void aReleaseWithoutItsJarSaysSoInOneLine() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("no-jar"));
        Files.createDirectories(broken.resolve("bin/lib"));
        Files.copy(release.resolve("bin/lib/launch.sh"), broken.resolve("bin/lib/launch.sh"));
        Files.copy(release.resolve("bin/status"), broken.resolve("bin/status"));

        Result result = run(List.of(broken.resolve("bin/status").toString(), "--version"), broken, environment);

        assertEquals(new Result(1, "error: " + broken.resolve("lib/compute-cluster.jar") + " is missing (this "
                + "installation has no pom.xml to build it from: unpack the release archive again)\n"), result);
        assertFalse(Files.exists(mavenCalls), () -> "bin/status called Maven: " + read(mavenCalls));
    }

    @Test
    void aMasterAndAWorkerFromTheReleaseSquareEveryInput() throws Exception {
        String tlsDir = TestCertificates.cluster().toAbsolutePath().toString();
        LocalNode master = nodes.startMaster("master", List.of("--tls-dir", tlsDir));
        String seed = master.awaitCluster(COMMAND_TIMEOUT);
        String api = master.awaitHttp(COMMAND_TIMEOUT).toString();
        nodes.startWorker("worker", List.of("--seed", seed, "--tls-dir", tlsDir, "--workers", "2"));

        Path results = dir.resolve("squares.tsv");
        Result submit = run(List.of(release.resolve("bin/submit").toString(), "--api", api, "--range", "1..1000",
                "--out", results.toString(), "--no-progress"), release, environment);

        assertEquals(0, submit.exitCode(), submit.output() + "\nmaster:\n" + master.tail() + "\nworker:\n"
                + nodes.nodes().get(1).tail());
        List<String> lines = Files.readAllLines(results);
        assertEquals(1000, lines.size());
        for (int i = 1; i <= 1000; i++) {
            assertEquals(i + "\t" + (long) i * i, lines.get(i - 1));
        }
        assertFalse(Files.exists(mavenCalls), () -> "a command called Maven: " + read(mavenCalls));
        assertFalse(Files.exists(release.resolve("logs")), "COMPUTE_LOG_FILES=off: no log folder");
        assertEquals(1, classArchives("SubmitMain-").size(), "bin/submit's class data archive, made as it exited");
    }

    @Test
    void theSystemdUnitsVerify() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed: the unit files are not verified");
        // The units name /opt/compute-cluster; here the release is elsewhere.
        Path units = Files.createDirectories(dir.resolve("units"));
        List<String> line = new ArrayList<>(List.of(analyze.toString(), "verify", "--man=no"));
        for (String unit : List.of("compute-master.service", "compute-worker.service")) {
            String text = Files.readString(release.resolve("systemd").resolve(unit));
            assertTrue(text.contains("ExecStart=/opt/compute-cluster/bin/"), unit);
            Files.writeString(units.resolve(unit), text.replace("/opt/compute-cluster/", release + "/"));
            line.add(units.resolve(unit).toString());
        }

        Result verify = run(line, units, Map.of());

        assertEquals(new Result(0, ""), verify);
    }

    @Test
    void theContainerImageCopiesThisArchiveAndRunsABinCommand() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("deploy/container/Dockerfile"));
        Matcher version = Pattern.compile("(?m)^ARG VERSION=(\\S+)$").matcher(dockerfile);
        assertTrue(version.find(), "ARG VERSION=... in the Dockerfile");
        assertEquals(VERSION, version.group(1), "the Dockerfile's default version");
        Matcher add = Pattern.compile("(?m)^(?:ADD|COPY) (\\S+\\.tar\\.gz) ").matcher(dockerfile);
        assertTrue(add.find(), "the Dockerfile adds the release archive");
        assertEquals(ARCHIVE.getFileName().toString(), add.group(1).replace("${VERSION}", VERSION));
        Matcher unpackedAs = Pattern.compile("(?m)^RUN mv \\S+/compute-cluster-\\$\\{VERSION} (\\S+)$").matcher(dockerfile);
        assertTrue(unpackedAs.find(), "the Dockerfile moves the archive's top folder into place");
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[\"([^\"]+)\"]$").matcher(dockerfile);
        assertTrue(entrypoint.find(), "an ENTRYPOINT in exec form");
        String prefix = unpackedAs.group(1) + "/";
        assertTrue(entrypoint.group(1).startsWith(prefix + "bin/"), entrypoint.group(1));
        assertTrue(Files.isExecutable(release.resolve(entrypoint.group(1).substring(prefix.length()))),
                entrypoint.group(1) + " in the archive");
        for (String port : List.of("25520", "8080", "7626")) {
            assertTrue(dockerfile.matches("(?s).*\\nEXPOSE [^\\n]*\\b" + port + "\\b.*"), "EXPOSE " + port);
        }
        assertTrue(dockerfile.contains("COMPUTE_LOG_FILES=off"), "console-only logs");
        assertTrue(dockerfile.matches("(?s).*\\nUSER (?!root)\\w+.*"), "a user other than root");
    }

    /** The class data archives in the installation whose names start with {@code prefix}. */
    private static List<Path> classArchives(String prefix) throws IOException {
        Path folder = release.resolve("lib/cds");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)
                    && file.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    record Result(int exitCode, String output) {
    }

    private static Process start(List<String> line, Path workDir, Map<String, String> env, Path output)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(line).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        env.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static Result await(Process process, Path output) throws InterruptedException {
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(process.info() + " did not end within " + COMMAND_TIMEOUT + ": " + read(output));
        }
        return new Result(process.exitValue(), read(output));
    }

    private static Result run(List<String> line, Path workDir, Map<String, String> env) throws Exception {
        Path output = Files.createTempFile(dir, "command-", ".out");
        return await(start(line, workDir, env, output), output);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
