import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;

/**
 * Writes the private key of a PKCS12 store's entry as PEM in PKCS#8 ("PRIVATE KEY"), the form
 * cert-manager writes to tls.key; keytool exports certificates, never keys. Run by bin/gen-certs
 * --pem as a source-file program: java bin/lib/PemPrivateKey.java STORE PASSWORD_FILE ALIAS OUT
 */
public final class PemPrivateKey {
    public static void main(String[] args) throws Exception {
        char[] password = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[0])) {
            store.load(in, password);
        }
        Key key = store.getKey(args[2], password);
        if (key == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalStateException("no PKCS#8 private key under alias " + args[2] + " in " + args[0]);
        }
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        Files.writeString(Path.of(args[3]), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
    }
}
