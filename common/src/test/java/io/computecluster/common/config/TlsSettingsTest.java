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
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compute.tls.*: where the stores are, that they are there and readable, and what Pekko gets. */
class TlsSettingsTest {
    private static final String SSL = "pekko.remote.artery.ssl.config-ssl-engine.";
    private static final String ROTATING = "pekko.remote.artery.ssl.rotating-keys-engine.";

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
    void aFolderFromTheCommandLineWinsOverFileKeysOfTheConf() throws IOException {
        Path cluster = TestCertificates.cluster();
        Path other = TestCertificates.folder("other-ca");
        Path file = conf(fileKeys(other));
        // As bin/master --tls-dir DIR gives it (NodeOptions).
        TlsSettings tls = TlsSettings.fromOrNull(ConfigLoader.load(file, Map.of("compute.tls.dir", cluster.toString())));
        assertEquals(cluster.resolve("node.p12"), tls.keyStore());
        assertEquals(cluster.resolve("truststore.p12"), tls.trustStore());
        assertEquals(Files.readString(cluster.resolve("node.password")).strip(), tls.keyStorePassword());
        assertEquals(Files.readString(cluster.resolve("truststore.password")).strip(), tls.trustStorePassword());

        // A missing file of that folder is named by the folder's key, not by the overruled one.
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ConfigError e = assertThrows(ConfigError.class, () -> TlsSettings.fromOrNull(
                ConfigLoader.load(file, Map.of("compute.tls.dir", empty.toString()))));
        assertMentions(e, "command line: compute.tls.dir", empty.resolve("node.p12").toString());
    }

    @Test
    void fileKeysWinOverTheFolderOfTheConf() throws IOException {
        Path cluster = TestCertificates.cluster();
        Path other = TestCertificates.folder("other-ca");
        TlsSettings tls = TlsSettings.fromOrNull(ConfigLoader.load(
                conf("compute.tls.dir = \"" + cluster + "\"\n" + fileKeys(other)), Map.of()));
        assertEquals(other.resolve("node.p12"), tls.keyStore());
        assertEquals(other.resolve("truststore.p12"), tls.trustStore());
    }

    private static String fileKeys(Path folder) {
        return "compute.tls.key-store = \"" + folder.resolve("node.p12") + "\"\n"
                + "compute.tls.key-store-password-file = \"" + folder.resolve("node.password") + "\"\n"
                + "compute.tls.trust-store = \"" + folder.resolve("truststore.p12") + "\"\n"
                + "compute.tls.trust-store-password-file = \"" + folder.resolve("truststore.password") + "\"\n";
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
    void folderOfPemFilesGivesPekkosRotatingKeysProviderTheFiles() throws IOException {
        Path pem = TestCertificates.folder("pem", "--pem", "--ca", "{cluster-ca}");
        TlsSettings tls = TlsSettings.fromOrNull(ConfigLoader.load(conf("compute.tls.dir = \"" + pem + "\"\n"), Map.of()));

        assertEquals(new TlsSettings.PemFiles(pem.resolve("tls.key"), pem.resolve("tls.crt"), pem.resolve("ca.crt")),
                tls.pem());
        assertNull(tls.keyStore());
        Map<String, Object> pekko = tls.pekkoSettings();
        assertEquals("io.computecluster.common.tls.RotatingKeysLoggingSslEngineProvider",
                pekko.get("pekko.remote.artery.ssl.ssl-engine-provider"));
        assertEquals(pem.resolve("tls.key").toString(), pekko.get(ROTATING + "key-file"));
        assertEquals(pem.resolve("tls.crt").toString(), pekko.get(ROTATING + "cert-file"));
        assertEquals(pem.resolve("ca.crt").toString(), pekko.get(ROTATING + "ca-cert-file"));
    }

    @Test
    void folderWithPartOfThePemFilesOrFilesOfBothLayoutsIsOneErrorLine() throws IOException {
        Path pem = TestCertificates.folder("pem", "--pem", "--ca", "{cluster-ca}");
        Path part = Files.createDirectories(dir.resolve("part"));
        Files.copy(pem.resolve("tls.crt"), part.resolve("tls.crt"));
        Path file = conf("compute.tls.dir = part\n");
        ConfigError e = assertThrows(ConfigError.class, () -> TlsSettings.fromOrNull(ConfigLoader.load(file, Map.of())));
        assertMentions(e, "node.conf:2", "compute.tls.dir", part + " holds tls.crt but not tls.key, ca.crt",
                "(tls.key, tls.crt, ca.crt", "node.p12");

        Files.copy(pem.resolve("tls.key"), part.resolve("tls.key"));
        Files.copy(pem.resolve("ca.crt"), part.resolve("ca.crt"));
        Files.copy(TestCertificates.cluster().resolve("node.p12"), part.resolve("node.p12"));
        e = assertThrows(ConfigError.class, () -> TlsSettings.fromOrNull(ConfigLoader.load(file, Map.of())));
        assertMentions(e, part + " holds files of two layouts (tls.key, tls.crt, ca.crt; node.p12)", "not both");
    }

    @Test
    void pemKeyThatIsNotRsaStopsTheNodeAtStart() throws IOException, NoSuchAlgorithmException {
        Path pem = TestCertificates.folder("pem", "--pem", "--ca", "{cluster-ca}");
        Path ec = Files.createDirectories(dir.resolve("ec"));
        Files.copy(pem.resolve("tls.crt"), ec.resolve("tls.crt"));
        Files.copy(pem.resolve("ca.crt"), ec.resolve("ca.crt"));
        byte[] key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
        Files.writeString(ec.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key) + "\n-----END PRIVATE KEY-----\n");
        ConfigError e = assertThrows(ConfigError.class, () -> TlsSettings.fromOrNull(
                ConfigLoader.load(conf("compute.tls.dir = ec\n"), Map.of())));
        assertMentions(e, "compute.tls.dir", "cannot read " + ec.resolve("tls.key"), "expected an RSA private key");
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
