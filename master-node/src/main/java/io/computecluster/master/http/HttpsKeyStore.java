package io.computecluster.master.http;

import io.computecluster.common.config.SettingsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The optional HTTPS of the API: the master's key and certificate from a PKCS12 key store, whose
 * password is read from a file (never from the conf itself), loaded once at start.
 */
public final class HttpsKeyStore {
    public static final String KEY_STORE = "compute.master.http.tls.key-store";
    public static final String PASSWORD_FILE = "compute.master.http.tls.key-store-password-file";

    private final Path file;
    private final SSLContext context;

    private HttpsKeyStore(Path file, SSLContext context) {
        this.file = file;
        this.context = context;
    }

    /** The key store the config names, or empty for plain HTTP. */
    public static Optional<HttpsKeyStore> fromConfig(SettingsReader reader) {
        if (!reader.config().hasPath(KEY_STORE) || reader.config().getString(KEY_STORE).isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(reader.config().getString(KEY_STORE).strip());
        char[] password = password(reader);
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return Optional.of(new HttpsKeyStore(file, context));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw reader.error(KEY_STORE, "a PKCS12 key store with the master's key, readable with the password in "
                    + PASSWORD_FILE, file + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + ")");
        }
    }

    private static char[] password(SettingsReader reader) {
        if (!reader.config().hasPath(PASSWORD_FILE) || reader.config().getString(PASSWORD_FILE).isBlank()) {
            throw reader.error(PASSWORD_FILE, "a file holding the password of " + KEY_STORE, "nothing");
        }
        Path file = Path.of(reader.config().getString(PASSWORD_FILE).strip());
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw reader.error(PASSWORD_FILE, "a readable file holding the key store's password", file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    public Path file() {
        return file;
    }

    public SSLContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "HTTPS key store " + file;
    }
}
