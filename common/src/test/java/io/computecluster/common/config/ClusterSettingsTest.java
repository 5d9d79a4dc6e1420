package io.computecluster.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterSettingsTest {
    private static final Path CONF = ConfigLoaderTest.CONF;

    @TempDir
    Path dir;

    @BeforeAll
    static void noEnvironmentOverrides() {
        for (String name : List.of("COMPUTE_SEED_NODES", "COMPUTE_PORT", "COMPUTE_CLUSTER_NAME", "COMPUTE_HOST",
                "COMPUTE_BIND_HOST", "COMPUTE_BIND_PORT", "COMPUTE_LOG_DIR",
                "COMPUTE_LOG_FILES")) {
            assumeTrue(System.getenv(name) == null, name + " is set in the environment");
        }
        assumeTrue(Files.isRegularFile(CONF.resolve("master.conf")), "run from a module folder");
    }

    /** A conf of the repository, with the test run's certificates (the conf's own conf/tls may not exist). */
    private static com.typesafe.config.Config loadConf(String name, Map<String, ?> overrides) {
        Map<String, Object> all = new java.util.HashMap<>(overrides);
        all.put("compute.tls.dir", io.computecluster.common.testkit.TestCertificates.cluster().toString());
        return ConfigLoader.load(CONF.resolve(name), all);
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("node.conf");
        Files.writeString(file, text);
        return file;
    }

    private ConfigError failure(String text) throws IOException {
        Path file = write(text);
        return assertThrows(ConfigError.class, () -> ClusterSettings.from(ConfigLoader.load(file, Map.of())));
    }

    private static void assertMentions(ConfigError e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void masterConf() {
        ClusterSettings settings = ClusterSettings.from(loadConf("master.conf", Map.of()));
        assertEquals("compute-cluster", settings.clusterName());
        assertEquals("127.0.0.1", settings.host());
        assertEquals(25520, settings.port());
        assertEquals(List.of("master"), settings.roles());
        assertEquals(List.of("127.0.0.1:25520"), settings.seedNodes());
        assertEquals("logs", settings.logDir());
        assertTrue(settings.logFiles(), "log files on by default");
        assertEquals(7626, settings.managementPort());
        assertFalse(settings.seedsGiven(), "the conf's seeds");
        assertFalse(settings.managementPortGiven(), "the conf's management port");
    }

    @Test
    void workerConf() {
        ClusterSettings settings = ClusterSettings.from(loadConf("worker.conf", Map.of()));
        assertEquals(0, settings.port());
        assertEquals(List.of("worker"), settings.roles());
        assertEquals(List.of("127.0.0.1:25520"), settings.seedNodes());
    }

    @Test
    void commandLineSeedsAndPortWin() {
        ClusterSettings settings = ClusterSettings.from(loadConf("worker.conf",
                Map.of("compute.port", 3000, "compute.seed-nodes", List.of("10.0.0.5:25520", "[::1]:25521"))));
        assertEquals(3000, settings.port());
        assertEquals(List.of("10.0.0.5:25520", "[::1]:25521"), settings.seedNodes());
        assertTrue(settings.seedsGiven(), "given on the command line");
    }

    @Test
    void selfStandsForThisNodeInAnyCase() {
        ClusterSettings settings = ClusterSettings.from(loadConf("master.conf",
                Map.of("compute.seed-nodes", List.of("10.0.0.5:25520", "Self"))));
        assertEquals(List.of("10.0.0.5:25520", ClusterSettings.SELF), settings.seedNodes());
    }

    @Test
    void aManagementPortGivenForThisStartIsToldApartFromTheConfs() {
        assertTrue(ClusterSettings.from(loadConf("master.conf", Map.of("compute.management.port", 7626)))
                .managementPortGiven());
        System.setProperty("compute.management.port", "7700");
        try {
            com.typesafe.config.ConfigFactory.invalidateCaches();
            ClusterSettings settings = ClusterSettings.from(loadConf("master.conf", Map.of()));
            assertEquals(7700, settings.managementPort());
            assertTrue(settings.managementPortGiven(), "-D");
        } finally {
            System.clearProperty("compute.management.port");
            com.typesafe.config.ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void seedsAsOneCommaSeparatedString() throws IOException {
        Path file = write("compute.seed-nodes = \"10.0.0.5:25520, node-b.example:25521,,\"\n");
        ClusterSettings settings = ClusterSettings.from(ConfigLoader.load(file, Map.of()));
        assertEquals(List.of("10.0.0.5:25520", "node-b.example:25521"), settings.seedNodes());
        // The same form from the command line, as COMPUTE_SEED_NODES would give it.
        ClusterSettings fromCli = ClusterSettings.from(loadConf("worker.conf",
                Map.of("compute.seed-nodes", "h1:1,h2:2")));
        assertEquals(List.of("h1:1", "h2:2"), fromCli.seedNodes());
    }

    @Test
    void portOutOfRangeNamesFileLineKeyAndExpectation() throws IOException {
        ConfigError e = failure("# a node\ncompute.port = 99999\n");
        assertMentions(e, "node.conf:2", "compute.port", "0 to 65535", "99999");
    }

    @Test
    void portThatIsNotANumber() throws IOException {
        ConfigError e = failure("compute {\n  port = \"abc\"\n}\n");
        assertMentions(e, "node.conf:2", "compute.port", "integer", "abc");
    }

    @Test
    void negativePort() throws IOException {
        assertMentions(failure("compute.port = -1\n"), "node.conf:1", "compute.port", "-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nohost", "127.0.0.1:0", "127.0.0.1:65536", "host:", ":25520", "host:port", "a:1:2",
        "http://host:25520"})
    void badSeedNamesFileLineKeyAndExpectation(String seed) throws IOException {
        ConfigError e = failure("compute {\n  seed-nodes = [\"127.0.0.1:25520\", \"" + seed + "\"]\n}\n");
        assertMentions(e, "node.conf:2", "compute.seed-nodes", "HOST:PORT", seed);
    }

    @Test
    void badSeedInACommaSeparatedString() throws IOException {
        ConfigError e = failure("\n\ncompute.seed-nodes = \"127.0.0.1:25520,nohost\"\n");
        assertMentions(e, "node.conf:3", "compute.seed-nodes", "HOST:PORT", "'nohost'");
    }

    @Test
    void noSeedsAtAll() throws IOException {
        assertMentions(failure("compute.seed-nodes = []\n"), "compute.seed-nodes", "at least one");
        assertMentions(failure("compute.seed-nodes = \" , \"\n"), "compute.seed-nodes", "at least one");
    }

    @Test
    void seedsOfTheWrongType() throws IOException {
        assertMentions(failure("compute.seed-nodes { a = 1 }\n"), "node.conf:1", "compute.seed-nodes", "HOST:PORT");
    }

    @Test
    void badClusterName() throws IOException {
        assertMentions(failure("compute.cluster-name = \"my cluster!\"\n"), "node.conf:1", "compute.cluster-name",
                "'my cluster!'");
    }

    @Test
    void logFilesOffLeavesTheConsoleOnly() {
        assertFalse(ClusterSettings.from(loadConf("worker.conf", Map.of("compute.log-files", "off"))).logFiles());
    }

    @Test
    void logFilesIsOnOrOff() throws IOException {
        assertMentions(failure("compute.log-files = sometimes\n"), "node.conf:1", "compute.log-files", "on or off",
                "sometimes");
    }

    @Test
    void aNodeBindsTheAddressItAdvertisesUnlessToldOtherwise() {
        ClusterSettings settings = ClusterSettings.from(loadConf("worker.conf", Map.of("compute.host", "10.0.0.7")));
        assertEquals("10.0.0.7", settings.bindHost());
        assertEquals(0, settings.bindPort());
        assertFalse(settings.bindsElsewhere());
    }

    @Test
    void bindHostAndPortDifferFromTheAdvertisedOnes() {
        ClusterSettings settings = ClusterSettings.from(loadConf("master.conf", Map.of("compute.host", "node-a.example",
                "compute.bind-host", "0.0.0.0", "compute.port", 30520, "compute.bind-port", "25520")));
        assertEquals("node-a.example", settings.host());
        assertEquals(30520, settings.port());
        assertEquals("0.0.0.0", settings.bindHost());
        assertEquals(25520, settings.bindPort());
        assertTrue(settings.bindsElsewhere());
    }

    @Test
    void ipv6Hosts() {
        ClusterSettings settings = ClusterSettings.from(loadConf("worker.conf", Map.of("compute.host", "fd00::7",
                "compute.bind-host", "::")));
        assertEquals("fd00::7", settings.host());
        assertEquals("::", settings.bindHost());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://10.0.0.1:25520", "10.0.0.1:25520", "my host", "-host"})
    void badBindHostNamesFileLineKeyAndExpectation(String host) throws IOException {
        ConfigError e = failure("compute {\n  bind-host = \"" + host + "\"\n}\n");
        assertMentions(e, "node.conf:2", "compute.bind-host", "a host name or IP address", "'" + host + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "[::]"})
    void advertisingEveryInterfaceIsRefusedPointingToBindHost(String host) throws IOException {
        ConfigError e = failure("compute.host = \"" + host + "\"\n");
        assertMentions(e, "node.conf:1", "compute.host", "an address the other nodes can reach",
                "compute.bind-host = 0.0.0.0", "'" + host + "'");
    }

    @Test
    void badBindPort() throws IOException {
        assertMentions(failure("compute.port = 30520\ncompute.bind-port = 0\n"), "node.conf:2", "compute.bind-port",
                "1 to 65535", "0");
        assertMentions(failure("compute.port = 30520\ncompute.bind-port = \"tcp://10.0.0.1:25520\"\n"),
                "node.conf:2", "compute.bind-port", "tcp://10.0.0.1:25520");
    }

    @Test
    void aBindPortNeedsAnAdvertisedPort() throws IOException {
        assertMentions(failure("compute.port = 0\ncompute.bind-port = 25520\n"), "node.conf:1", "compute.port",
                "not 0, when compute.bind-port is set (25520)");
    }

    @Test
    void emptyHost() throws IOException {
        assertMentions(failure("compute.host = \"  \"\n"), "node.conf:1", "compute.host", "non-empty");
    }

    @Test
    void rolesThatAreNotAList() throws IOException {
        assertMentions(failure("pekko.cluster.roles = \"master\"\n"), "node.conf:1", "pekko.cluster.roles", "list");
    }

    @Test
    void badValueOnTheCommandLineSaysItCameFromThere() {
        ConfigError e = assertThrows(ConfigError.class, () -> ClusterSettings.from(
                loadConf("master.conf", Map.of("compute.port", 70000))));
        assertMentions(e, "compute.port", "70000", "command line");
    }

    @Test
    void settingsReaderChecksDurationsAndSizes() throws IOException {
        Path file = write("a.duration = 0s\nb.duration = soon\nc.size = 10 KiB\nd.size = lots\n");
        SettingsReader reader = new SettingsReader(ConfigLoader.load(file, Map.of()));
        assertMentions(assertThrows(ConfigError.class, () -> reader.positiveDuration("a.duration")),
                "node.conf:1", "a.duration", "positive");
        assertMentions(assertThrows(ConfigError.class, () -> reader.positiveDuration("b.duration")),
                "node.conf:2", "b.duration", "duration");
        assertEquals(10 * 1024, reader.bytes("c.size", 1024));
        assertMentions(assertThrows(ConfigError.class, () -> reader.bytes("c.size", 1_000_000)),
                "node.conf:3", "c.size", "at least");
        assertMentions(assertThrows(ConfigError.class, () -> reader.bytes("d.size", 1)), "node.conf:4", "d.size");
        assertMentions(assertThrows(ConfigError.class, () -> reader.intBetween("no.such.key", 1, 2)),
                "no.such.key", "missing");
        assertEquals(Duration.ofSeconds(60),
                new SettingsReader(ConfigLoader.defaults(Map.of())).positiveDuration("compute.master.chunk-timeout"));
    }
}
