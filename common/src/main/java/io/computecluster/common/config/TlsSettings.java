package io.computecluster.common.config;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
 */
public record TlsSettings(Path dir, Path keyStore, String keyStorePassword, Path trustStore,
                          String trustStorePassword, boolean development) {
    public static final String TRANSPORT_KEY = "pekko.remote.artery.transport";
    /** Written by bin/ next to the stores it generated on first use (bin/lib/launch.sh). */
    public static final String DEVELOPMENT_MARKER = "development-certificates.txt";
    private static final String SSL = "pekko.remote.artery.ssl.config-ssl-engine.";
    private static final String DIR_KEY = "compute.tls.dir";

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
        Path keyStore = file(reader, keyStoreKey, dir, "node.p12");
        Path keyStorePassword = file(reader, keyStorePasswordKey, dir, "node.password");
        Path trustStore = file(reader, trustStoreKey, dir, "truststore.p12");
        Path trustStorePassword = file(reader, trustStorePasswordKey, dir, "truststore.password");
        return new TlsSettings(dir, keyStore, password(reader, keyStorePasswordKey, keyStorePassword),
                trustStore, password(reader, trustStorePasswordKey, trustStorePassword),
                Files.isRegularFile(dir.resolve(DEVELOPMENT_MARKER)));
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

    /** Pekko's own keys for these stores (config-ssl-engine; the key's password is the store's). */
    public Map<String, Object> pekkoSettings() {
        Map<String, Object> pekko = new HashMap<>();
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
        return "TlsSettings[keyStore=" + keyStore + ", trustStore=" + trustStore + ", development=" + development + "]";
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
        return set ? "" : " (create one with bin/gen-certs DIR, or point compute.tls.dir or --tls-dir at yours)";
    }
}
