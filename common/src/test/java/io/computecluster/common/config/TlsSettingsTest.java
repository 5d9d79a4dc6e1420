package io.computecluster.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compute.tls.*: where the stores are, that they are there and readable, and what Pekko gets. */
class TlsSettingsTest {
    private static final String SSL = "pekko.remote.artery.ssl.config-ssl-engine.";

    @TempDir
    Path dir;

    private Path conf(String text) throws IOException {
        Path file = dir.resolve("node.conf");
        Files.writeString(file, "pekko.remote.artery.transport = tls-tcp\n" + text);
        return file;
    }

    private static void assertMentions(ConfigError e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void folderOfGenCertsGivesPekkoTheStoresAndPasswordsFromTheFiles() throws IOException {
        Path certs = TestCertificates.cluster();
        TlsSettings tls = TlsSettings.fromOrNull(ConfigLoader.load(conf("compute.tls.dir = \"" + certs + "\"\n"), Map.of()));

        Map<String, Object> pekko = tls.pekkoSettings();
        assertEquals(certs.resolve("node.p12").toString(), pekko.get(SSL + "key-store"));
        assertEquals(certs.resolve("truststore.p12").toString(), pekko.get(SSL + "trust-store"));
        assertEquals(Files.readString(certs.resolve("node.password")).strip(), pekko.get(SSL + "key-store-password"));
        assertEquals(pekko.get(SSL + "key-store-password"), pekko.get(SSL + "key-password"));
        assertEquals(Files.readString(certs.resolve("truststore.password")).strip(), pekko.get(SSL + "trust-store-password"));
        assertFalse(pekko.containsValue("changeme"));
        assertFalse(tls.development());
        assertFalse(tls.toString().contains(Files.readString(certs.resolve("node.password")).strip()), "no passwords in toString");
    }

    @Test
    void relativeFolderIsTakenFromTheConfFilesFolder() throws IOException {
        copy(TestCertificates.cluster(), dir.resolve("tls"));
        Files.writeString(dir.resolve("tls").resolve(TlsSettings.DEVELOPMENT_MARKER), "made for a test");
        TlsSettings tls = TlsSettings.fromOrNull(ConfigLoader.load(conf("compute.tls.dir = tls\n"), Map.of()));
        assertEquals(dir.resolve("tls").toAbsolutePath(), tls.dir());
        assertTrue(tls.development());
    }

    @Test
    void missingFolderNamesTheKeyWhereItIsSetAndTheFile() throws IOException {
        Path file = conf("compute.tls.dir = nowhere\n");
        ConfigError e = assertThrows(ConfigError.class, () -> TlsSettings.fromOrNull(ConfigLoader.load(file, Map.of())));
        assertMentions(e, "node.conf:2", "compute.tls.dir", dir.resolve("nowhere").resolve("node.p12").toString(),
                "no such file", "bin/gen-certs");
    }

    @Test
    void missingPasswordFileNamesItsKeyAndTheFile() throws IOException {
        Path certs = TestCertificates.cluster();
        Path file = conf("compute.tls.dir = \"" + certs + "\"\n"
                + "compute.tls.trust-store-password-file = missing.password\n");
        ConfigError e = assertThrows(ConfigError.class, () -> TlsSettings.fromOrNull(ConfigLoader.load(file, Map.of())));
        assertMentions(e, "node.conf:3", "compute.tls.trust-store-password-file", dir.resolve("missing.password").toString());
    }

    @Test
    void plainTcpHasNoTlsSettings() throws IOException {
        Path file = dir.resolve("plain.conf");
        Files.writeString(file, "pekko.remote.artery.transport = tcp\n");
        assertNull(TlsSettings.fromOrNull(ConfigLoader.load(file, Map.of())));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : new String[] {"node.p12", "node.password", "truststore.p12", "truststore.password"}) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }
}
