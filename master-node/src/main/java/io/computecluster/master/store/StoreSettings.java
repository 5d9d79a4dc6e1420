package io.computecluster.master.store;

import io.computecluster.common.node.NodeStartException;
import io.computecluster.common.config.SettingsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where the masters keep jobs and results ({@code compute.store}): an embedded H2 database in a
 * file (one host; the masters on it share the file through H2's automatic server mode) or a
 * PostgreSQL server (masters on several hosts).
 */
public record StoreSettings(Kind kind, String url, String user, String password, String origin) {

    public enum Kind {
        H2,
        POSTGRESQL
    }

    private static final String PREFIX = "compute.store.";
    /** Beside the H2 files. */
    static final String H2_PASSWORD_FILE = "compute.password";

    public static StoreSettings from(SettingsReader reader) {
        String kindText = reader.string(PREFIX + "kind");
        Kind kind;
        try {
            kind = Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw reader.error(PREFIX + "kind", "h2 or postgresql", "'" + kindText + "'");
        }
        if (kind == Kind.H2) {
            Path dir = resolve(Path.of(reader.string(PREFIX + "h2.dir")));
            // AUTO_SERVER: the first master to open the file serves it to the others on this host,
            // and another takes over when it dies. DB_CLOSE_DELAY=-1: the database, and so its
            // server, stays open while the JVM lives, not only while a connection is open.
            // WRITE_DELAY=0: each commit reaches the file before it is acknowledged, so that what a
            // standby's job manager wrote through a stopping master's server survives that JVM's
            // halt (a halt runs no shutdown hook, and H2 would keep half a second of commits).
            String url = "jdbc:h2:file:" + dir.resolve("compute") + ";AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0";
            // The password is made on first use (see password()): not when the config is read.
            return new StoreSettings(kind, url, "compute", null, reader.originOf(PREFIX + "h2.dir"));
        }
        String url = reader.string(PREFIX + "postgresql.url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw reader.error(PREFIX + "postgresql.url", "a JDBC URL such as jdbc:postgresql://HOST:5432/DB",
                    "'" + url + "'");
        }
        String passwordKey = PREFIX + "postgresql.password-file";
        String password = "";
        String passwordFile = reader.config().hasPath(passwordKey) ? reader.config().getString(passwordKey) : "";
        if (!passwordFile.isBlank()) {
            Path file = Path.of(passwordFile);
            try {
                password = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw reader.error(passwordKey, "a readable file holding the password", file + " (" + e + ")");
            }
        }
        return new StoreSettings(kind, url, reader.string(PREFIX + "postgresql.user"), password,
                reader.originOf(PREFIX + "postgresql.url"));
    }

    /**
     * The database password. An H2 store has one of its own, made at random on first use and kept
     * beside its files, readable by the masters' user only: the server H2 runs so that the masters
     * of one host can share the files takes connections from any local user.
     */
    @Override
    public String password() {
        return password != null ? password : h2Password(h2Folder().resolve(H2_PASSWORD_FILE));
    }

    private String h2Password(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path made = Files.createTempFile(file.getParent(), ".h2-password", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(made, HexFormat.of().formatHex(randomBytes()), StandardCharsets.UTF_8);
                // A hard link fails when the name exists, in one step; a move checks first and then
                // renames, so two masters started together could each keep a password of their own
                // while one of them made the database with the other.
                try {
                    Files.createLink(file, made);
                } catch (java.nio.file.FileAlreadyExistsException another) {
                    // another master made it first: use theirs
                } finally {
                    Files.deleteIfExists(made);
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw unusable("cannot make or read the password file " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** A relative folder is taken from the installation ({@code compute.home}), else the working directory. */
    private static Path resolve(Path dir) {
        String home = System.getProperty("compute.home");
        return (dir.isAbsolute() || home == null ? dir : Path.of(home).resolve(dir)).toAbsolutePath().normalize();
    }

    /** The folder of an H2 store, to create before the first connection. */
    Path h2Folder() {
        String path = url.substring("jdbc:h2:file:".length(), url.indexOf(';'));
        return Path.of(path).getParent();
    }

    /** The URL without its options, for messages. */
    public String where() {
        int options = url.indexOf(';');
        return options < 0 ? url : url.substring(0, options);
    }

    /** Thrown at start when the store cannot be used: the node stops with this one line. */
    NodeStartException unusable(String why, Throwable cause) {
        return new NodeStartException("the job store " + where() + " is not usable: " + why + " (compute.store, "
                + origin + ")", cause);
    }
}
