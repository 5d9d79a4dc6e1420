package io.computecluster.common.config;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.pki.pem.DERPrivateKeyLoader;
import org.apache.pekko.pki.pem.PEMDecoder;

/**
 * The stores and passwords of mutual TLS between nodes, read from {@code compute.tls.*} when
 * {@code pekko.remote.artery.transport} is {@code tls-tcp}. Each file defaults to its name in
 * {@code compute.tls.dir} (the layout {@code bin/gen-certs} writes); a relative path set in a conf
 * file is taken from the folder of the node's conf file ({@code --config}), so {@code dir = "tls"}
 * means conf/tls for conf/master.conf wherever the node is started from (bin/ creates development
 * certificates in that same folder). A folder given on the command line ({@code --tls-dir}) wins
 * over file keys set anywhere else, as command-line options win over the conf; otherwise a file
 * key that is set wins over the folder. Every file is read here, so a missing or unreadable
 * one stops the node at start, not at its first connection.
 *
 * <p>The folder may instead hold PEM files in cert-manager's layout (tls.key, tls.crt, ca.crt):
 * then {@link #pem()} names them, the stores and passwords are null, and Pekko's rotating-keys
 * provider reads them, again whenever {@code ssl-context-cache-ttl} has passed, so that a renewed
 * certificate is used for new connections without a restart. What the folder holds chooses; a
 * folder with part of the PEM files, or files of both layouts, stops the node at start.
 */
public record TlsSettings(Path dir, Path keyStore, String keyStorePassword, Path trustStore,
                          String trustStorePassword, boolean development, PemFiles pem) {

    /** cert-manager's layout: this node's key and certificate and the CA's certificate, PEM. */
    public record PemFiles(Path key, Path cert, Path caCert) {
    }

    public static final String TRANSPORT_KEY = "pekko.remote.artery.transport";
    /** Written by bin/ next to the stores it generated on first use (bin/lib/launch.sh). */
    public static final String DEVELOPMENT_MARKER = "development-certificates.txt";
    private static final String SSL = "pekko.remote.artery.ssl.config-ssl-engine.";
    private static final String ROTATING = "pekko.remote.artery.ssl.rotating-keys-engine.";
    private static final String PROVIDER_KEY = "pekko.remote.artery.ssl.ssl-engine-provider";
    private static final String ROTATING_PROVIDER = "io.computecluster.common.tls.RotatingKeysLoggingSslEngineProvider";
    private static final String DIR_KEY = "compute.tls.dir";
    private static final List<String> PKCS12_FILES = List.of("node.p12", "node.password", "truststore.p12",
            "truststore.password");
    private static final List<String> PEM_FILES = List.of("tls.key", "tls.crt", "ca.crt");
    private static final String LAYOUTS = "expected either PEM files in cert-manager's layout (tls.key, tls.crt,"
            + " ca.crt; bin/gen-certs --pem) or the PKCS12 stores of bin/gen-certs (node.p12, node.password,"
            + " truststore.p12, truststore.password)";

    /** The TLS settings, or null when the transport is not {@code tls-tcp} (plain TCP, no TLS). */
    public static TlsSettings fromOrNull(Config config) {
        SettingsReader reader = new SettingsReader(config);
        if (!"tls-tcp".equals(reader.string(TRANSPORT_KEY))) {
            return null;
        }
        Path dir = path(reader, DIR_KEY);
        boolean dirWins = fromCommandLine(reader, DIR_KEY);
        String keyStoreKey = source(reader, "compute.tls.key-store", dirWins);
        String keyStorePasswordKey = source(reader, "compute.tls.key-store-password-file", dirWins);
        String trustStoreKey = source(reader, "compute.tls.trust-store", dirWins);
        String trustStorePasswordKey = source(reader, "compute.tls.trust-store-password-file", dirWins);
        boolean development = Files.isRegularFile(dir.resolve(DEVELOPMENT_MARKER));
        if (List.of(keyStoreKey, keyStorePasswordKey, trustStoreKey, trustStorePasswordKey).stream()
                .allMatch(DIR_KEY::equals) && holdsPem(reader, dir)) {
            return new TlsSettings(dir, null, null, null, null, development, pemFiles(reader, dir));
        }
        Path keyStore = file(reader, keyStoreKey, dir, "node.p12");
        Path keyStorePassword = file(reader, keyStorePasswordKey, dir, "node.password");
        Path trustStore = file(reader, trustStoreKey, dir, "truststore.p12");
        Path trustStorePassword = file(reader, trustStorePasswordKey, dir, "truststore.password");
        return new TlsSettings(dir, keyStore, password(reader, keyStorePasswordKey, keyStorePassword),
                trustStore, password(reader, trustStorePasswordKey, trustStorePassword), development, null);
    }

    /**
     * Whether {@code dir} holds all the PEM files and none of the PKCS12 ones; false when it holds
     * none of the PEM files (the stores are then checked one by one); else it is one of neither.
     */
    private static boolean holdsPem(SettingsReader reader, Path dir) {
        List<String> pem = present(dir, PEM_FILES);
        if (pem.isEmpty()) {
            return false;
        }
        List<String> pkcs12 = present(dir, PKCS12_FILES);
        if (!pkcs12.isEmpty()) {
            throw new ConfigError(reader.originOf(DIR_KEY) + ": " + DIR_KEY + ": " + dir + " holds files of two layouts ("
                    + String.join(", ", pem) + "; " + String.join(", ", pkcs12) + "): " + LAYOUTS + ", not both");
        }
        if (pem.size() < PEM_FILES.size()) {
            List<String> missing = new ArrayList<>(PEM_FILES);
            missing.removeAll(pem);
            throw new ConfigError(reader.originOf(DIR_KEY) + ": " + DIR_KEY + ": " + dir + " holds "
                    + String.join(", ", pem) + " but not " + String.join(", ", missing) + ": " + LAYOUTS);
        }
        return true;
    }

    private static List<String> present(Path dir, List<String> names) {
        return names.stream().filter(name -> Files.exists(dir.resolve(name))).toList();
    }

    /**
     * The PEM files, each read as the rotating-keys provider will (its PEM reader for the key:
     * RSA only), so that a bad one stops the node at start rather than failing every connection.
     */
    private static PemFiles pemFiles(SettingsReader reader, Path dir) {
        PemFiles files = new PemFiles(dir.resolve("tls.key"), dir.resolve("tls.crt"), dir.resolve("ca.crt"));
        String where = reader.originOf(DIR_KEY) + ": " + DIR_KEY + ": ";
        X509Certificate cert = certificate(where, files.cert());
        certificate(where, files.caCert());
        PrivateKey key;
        try {
            key = DERPrivateKeyLoader.load(PEMDecoder.decode(Files.readString(files.key(), StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            // Pekko's PEM reader is Scala: it throws checked exceptions (InvalidKeySpecException) undeclared.
            throw new ConfigError(where + "cannot read " + files.key() + ": " + oneLine(e) + " (expected an RSA private"
                    + " key in PEM, PKCS#8 \"PRIVATE KEY\" or PKCS#1 \"RSA PRIVATE KEY\": Pekko's rotating-keys provider"
                    + " reads no other kind)", e);
        }
        if (!(cert.getPublicKey() instanceof RSAPublicKey publicKey) || !(key instanceof RSAPrivateKey privateKey)
                || !publicKey.getModulus().equals(privateKey.getModulus())) {
            throw new ConfigError(where + files.key() + " is not the private key of the certificate in " + files.cert()
                    + " (expected the key and certificate of one node, as cert-manager writes them)");
        }
        return files;
    }

    private static X509Certificate certificate(String where, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigError(where + "cannot read " + file + ": " + oneLine(e)
                    + " (expected an X.509 certificate in PEM)", e);
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** {@code key} when it is set and not overruled by a folder from the command line, else compute.tls.dir. */
    private static String source(SettingsReader reader, String key, boolean dirWins) {
        boolean set = reader.config().hasPath(key) && (!dirWins || fromCommandLine(reader, key));
        return set ? key : DIR_KEY;
    }

    private static boolean fromCommandLine(SettingsReader reader, String key) {
        return reader.config().hasPath(key)
                && ConfigLoader.COMMAND_LINE.equals(reader.config().getValue(key).origin().description());
    }

    /**
     * Pekko's own keys for these stores (config-ssl-engine; the key's password is the store's), or
     * for the PEM files (rotating-keys-engine, and the provider that reads them).
     */
    public Map<String, Object> pekkoSettings() {
        Map<String, Object> pekko = new HashMap<>();
        if (pem != null) {
            pekko.put(PROVIDER_KEY, ROTATING_PROVIDER);
            pekko.put(ROTATING + "key-file", pem.key().toString());
            pekko.put(ROTATING + "cert-file", pem.cert().toString());
            pekko.put(ROTATING + "ca-cert-file", pem.caCert().toString());
            return pekko;
        }
        pekko.put(SSL + "key-store", keyStore.toString());
        pekko.put(SSL + "key-store-password", keyStorePassword);
        pekko.put(SSL + "key-password", keyStorePassword);
        pekko.put(SSL + "trust-store", trustStore.toString());
        pekko.put(SSL + "trust-store-password", trustStorePassword);
        return pekko;
    }

    @Override
    public String toString() {
        // Never the passwords: this may end up in a log line.
        return pem != null ? "TlsSettings[pem=" + pem + ", development=" + development + "]"
                : "TlsSettings[keyStore=" + keyStore + ", trustStore=" + trustStore + ", development=" + development + "]";
    }

    /** {@code key} as a path; relative ones set in a file from the node's conf file's folder, others from here. */
    private static Path path(SettingsReader reader, String key) {
        Path path = Path.of(reader.string(key));
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Config config = reader.config();
        boolean fromFile = config.getValue(key).origin().filename() != null;
        Path base = fromFile && config.hasPath(ConfigLoader.CONFIG_FILE_KEY)
                ? Path.of(config.getString(ConfigLoader.CONFIG_FILE_KEY)).getParent()
                : Path.of("");
        return base.resolve(path).toAbsolutePath().normalize();
    }

    /** The file {@code key} names, or {@code defaultName} in {@code dir} when {@code key} is compute.tls.dir. */
    private static Path file(SettingsReader reader, String key, Path dir, String defaultName) {
        boolean set = !DIR_KEY.equals(key);
        Path file = set ? path(reader, key) : dir.resolve(defaultName);
        String source = key;
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            String why = Files.exists(file) ? "cannot read it" : "no such file";
            throw new ConfigError(reader.originOf(source) + ": " + source + ": expected a readable " + describe(defaultName)
                    + " at " + file + ", got " + why + hint(set));
        }
        return file;
    }

    private static String password(SettingsReader reader, String key, Path file) {
        String password;
        try {
            password = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigError(reader.originOf(key) + ": " + key + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        if (password.isEmpty()) {
            throw new ConfigError(reader.originOf(key) + ": " + key + ": expected a password in " + file + ", got an empty file");
        }
        return password;
    }

    private static String describe(String defaultName) {
        return defaultName.endsWith(".p12") ? "PKCS12 store (" + defaultName + ")" : "password file (" + defaultName + ")";
    }

    private static String hint(boolean set) {
        return set ? "" : " (create one with bin/gen-certs DIR, or point compute.tls.dir or --tls-dir at yours;"
                + " a folder of PEM files tls.key, tls.crt, ca.crt is taken too)";
    }
}
