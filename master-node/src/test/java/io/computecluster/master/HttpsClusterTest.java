package io.computecluster.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigError;
import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.node.BoundPorts;
import io.computecluster.common.testkit.ClusterTestKit;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS, from a PKCS12 key store made by the JDK's keytool for 127.0.0.1. */
class HttpsClusterTest {
    private static final String PASSWORD = "store-pass-for-tests";
    private static final ClusterTestKit cluster = new ClusterTestKit();
    private static Path keyStore;
    private static Path passwordFile;
    private static int port;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startMaster() throws Exception {
        keyStore = dir.resolve("master.p12");
        passwordFile = Files.writeString(dir.resolve("master.p12.password"), PASSWORD + "\n");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "master", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool ended");
        assertEquals(0, keytool.exitValue(), new String(keytool.getInputStream().readAllBytes()));
        // Port 0: the master binds a free one and names it.
        var master = cluster.start(new MasterRole(), "master.conf", Map.of("compute.master.http.port", 0,
                "compute.master.http.tls.key-store", keyStore.toString(),
                "compute.master.http.tls.key-store-password-file", passwordFile.toString()));
        cluster.awaitMembersUp(1, Duration.ofSeconds(30));
        port = await().atMost(Duration.ofSeconds(30))
                .until(() -> BoundPorts.get(master).current().httpUri(), java.util.Optional::isPresent).orElseThrow()
                .getPort();
    }

    @AfterAll
    static void stopMaster() {
        cluster.close();
    }

    @Test
    void theApiAnswersOverHttpsWithTheKeyStoresCertificate() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(keyStore)).build();
        HttpResponse<String> page = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()),
                response -> response.statusCode() == 200);
        assertTrue(page.body().contains("<script src=\"app.js\""), page.body());
        HttpResponse<String> jobs = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/jobs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jobs.statusCode(), jobs.body());

        // Plain HTTP on that port gets no answer, and a client that does not trust the certificate none either.
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/jobs")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/jobs")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aWrongPasswordOrAMissingStoreStopsTheMasterNamingTheKey() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong.password"), "not-" + PASSWORD);
        for (Map<String, Object> tls : java.util.List.<Map<String, Object>>of(
                Map.of("compute.master.http.tls.key-store", keyStore.toString(),
                        "compute.master.http.tls.key-store-password-file", wrong.toString()),
                Map.of("compute.master.http.tls.key-store", dir.resolve("missing.p12").toString(),
                        "compute.master.http.tls.key-store-password-file", passwordFile.toString()),
                Map.of("compute.master.http.tls.key-store", keyStore.toString()))) {
            ConfigError error = assertThrows(ConfigError.class, () -> MasterSettings.from(ConfigLoader.defaults(tls)));
            assertTrue(error.getMessage().contains("compute.master.http.tls.key-store"), error.getMessage());
            assertEquals(1, error.getMessage().lines().count(), error.getMessage());
        }
    }

    /** An SSL context that trusts the certificate of the key store's entry, as a client given it would. */
    private static SSLContext trusting(Path store) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("master", keys.getCertificate("master"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
