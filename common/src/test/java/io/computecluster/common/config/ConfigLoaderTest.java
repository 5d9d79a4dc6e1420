package io.computecluster.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    /** Maven runs a module's tests in the module folder; the repository's conf/ is one up. */
    static final Path CONF = Path.of("..", "conf");

    @TempDir
    Path dir;

    @BeforeAll
    static void noEnvironmentOverrides() {
        for (String name : List.of("COMPUTE_SEED_NODES", "COMPUTE_PORT", "COMPUTE_CLUSTER_NAME", "COMPUTE_HOST",
                "COMPUTE_BIND_HOST", "COMPUTE_BIND_PORT", "COMPUTE_WORKERS", "COMPUTE_HTTP_PORT", "COMPUTE_HTTP_HOST", "COMPUTE_LOG_DIR")) {
            assumeTrue(System.getenv(name) == null, name + " is set in the environment");
        }
        assumeTrue(Files.isRegularFile(CONF.resolve("master.conf")), "run from a module folder");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void masterConfIncludesTheSharedClusterConf() {
        Config config = ConfigLoader.load(CONF.resolve("master.conf"), Map.of());
        assertEquals(List.of("master"), config.getStringList("pekko.cluster.roles"));
        assertEquals(25520, config.getInt("compute.port"));
        assertEquals(List.of("127.0.0.1:25520"), config.getStringList("compute.seed-nodes"));
        assertEquals("cluster", config.getString("pekko.actor.provider"));
        assertFalse(config.getBoolean("pekko.actor.allow-java-serialization"));
        // From cluster.conf, which master.conf includes.
        assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
                config.getString("pekko.cluster.downing-provider-class"));
        assertEquals(8080, config.getInt("compute.master.http.port"));
    }

    @Test
    void workerConfHasItsOwnRoleAndAFreePort() {
        Config config = ConfigLoader.load(CONF.resolve("worker.conf"), Map.of());
        assertEquals(List.of("worker"), config.getStringList("pekko.cluster.roles"));
        assertEquals(0, config.getInt("compute.port"));
        assertEquals(List.of("127.0.0.1:25520"), config.getStringList("compute.seed-nodes"));
        assertEquals(2, config.getInt("compute.worker.window"));
    }

    @Test
    void builtInDefaultsFillWhatTheFileLeavesOut() throws IOException {
        Config config = ConfigLoader.load(write("empty.conf", "# nothing\n"), Map.of());
        assertEquals("compute-cluster", config.getString("compute.cluster-name"));
        assertEquals(0, config.getInt("compute.port"));
        assertEquals(100000, config.getInt("compute.master.max-chunk-size"));
        // Pekko's own reference.conf is there too.
        assertTrue(config.hasPath("pekko.remote.artery.canonical.port"));
    }

    @Test
    void commandLineBeatsTheFile() {
        Config config = ConfigLoader.load(CONF.resolve("master.conf"),
                Map.of("compute.port", 25999, "compute.seed-nodes", List.of("10.0.0.1:2552", "10.0.0.2:2552"),
                        "compute.master.http.port", "9090"));
        assertEquals(25999, config.getInt("compute.port"));
        assertEquals(List.of("10.0.0.1:2552", "10.0.0.2:2552"), config.getStringList("compute.seed-nodes"));
        assertEquals(9090, config.getInt("compute.master.http.port"));
        // What the command line leaves alone still comes from the file.
        assertEquals(List.of("master"), config.getStringList("pekko.cluster.roles"));
    }

    @Test
    void systemPropertiesBeatTheFileButNotTheCommandLine() {
        String key = "compute.master.http.port";
        assumeTrue(System.getProperty(key) == null);
        System.setProperty(key, "8181");
        try {
            ConfigFactory.invalidateCaches();
            assertEquals(8181, ConfigLoader.load(CONF.resolve("master.conf"), Map.of()).getInt(key));
            assertEquals(8282, ConfigLoader.load(CONF.resolve("master.conf"), Map.of(key, 8282)).getInt(key));
        } finally {
            System.clearProperty(key);
            ConfigFactory.invalidateCaches();
        }
        assertEquals(8080, ConfigLoader.load(CONF.resolve("master.conf"), Map.of()).getInt(key));
    }

    @Test
    void defaultsTakeOverrides() {
        Config config = ConfigLoader.defaults(Map.of("compute.master.max-digits", 12));
        assertEquals(12, config.getInt("compute.master.max-digits"));
        assertEquals(10_000, config.getInt("compute.master.default-chunk-size"), "reference.conf default");
    }

    @Test
    void missingFileNamesTheFile() {
        Path missing = dir.resolve("no-such.conf");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(missing, Map.of()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void aFolderIsNotAConfigFile() {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(dir, Map.of()));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void syntaxErrorNamesTheFileAndLine() throws IOException {
        Path file = write("broken.conf", "compute {\n  port = 1\n  host = [\"a\",\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(file, Map.of()));
        assertTrue(e.getMessage().contains("broken.conf"), e.getMessage());
        assertTrue(e.getMessage().matches(".*broken\\.conf: ?[34]\\b.*"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void missingRequiredIncludeNamesTheIncludedFile() throws IOException {
        Path file = write("includes.conf", "include required(\"not-there.conf\")\ncompute.port = 1\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(file, Map.of()));
        assertTrue(e.getMessage().contains("not-there.conf"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void unresolvableSubstitutionNamesTheFileAndLine() throws IOException {
        Path file = write("subst.conf", "\ncompute.host = ${no.such.setting}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(file, Map.of()));
        assertTrue(e.getMessage().contains("subst.conf"), e.getMessage());
        assertTrue(e.getMessage().contains("no.such.setting"), e.getMessage());
        assertTrue(e.getMessage().matches(".*subst\\.conf: ?2\\b.*"), e.getMessage());
    }
}
