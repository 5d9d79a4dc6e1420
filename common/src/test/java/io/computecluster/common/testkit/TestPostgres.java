package io.computecluster.common.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test, on the server {@code .ci/run} sets up (Debian's
 * {@code postgresql}, role {@code compute} with CREATEDB). Elsewhere: {@code TEST_POSTGRES_URL}
 * (a JDBC URL of a database to connect to first), {@code TEST_POSTGRES_USER} and
 * {@code TEST_POSTGRES_PASSWORD}. Without a server the tests that need one are skipped, saying why.
 */
public final class TestPostgres {
    private static final String ADMIN_URL = env("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("TEST_POSTGRES_USER", "compute");
    private static final String PASSWORD = env("TEST_POSTGRES_PASSWORD", "compute");

    /** A database made for a test: its URL, user and a file holding the password. */
    public record Database(String url, String user, Path passwordFile) {
        /** The store settings of a master that keeps its jobs there. */
        public Map<String, Object> storeSettings() {
            return Map.of("compute.store.kind", "postgresql", "compute.store.postgresql.url", url,
                    "compute.store.postgresql.user", user,
                    "compute.store.postgresql.password-file", passwordFile.toString());
        }

        /** The same, as the environment of bin/master. */
        public Map<String, String> environment() {
            return Map.of("COMPUTE_STORE_KIND", "postgresql", "COMPUTE_POSTGRES_URL", url,
                    "COMPUTE_POSTGRES_USER", user, "COMPUTE_POSTGRES_PASSWORD_FILE", passwordFile.toString());
        }
    }

    private TestPostgres() {
    }

    /** Why PostgreSQL tests skip here, or null when a server answers. */
    public static String unavailable() {
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
            return null;
        } catch (SQLException e) {
            return "no PostgreSQL at " + ADMIN_URL + " as " + USER + " (" + e.getMessage().strip()
                    + "): PostgreSQL tests skipped; .ci/run installs and starts one";
        }
    }

    /** Creates an empty database for one test. */
    public static Database freshDatabase() {
        String name = "compute_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        String url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
        try {
            Path passwordFile = Files.createDirectories(Path.of("target", "test-postgres").toAbsolutePath())
                    .resolve(name + ".password");
            Files.writeString(passwordFile, PASSWORD, StandardCharsets.UTF_8);
            return new Database(url, USER, passwordFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the test database's password file", e);
        }
    }

    /**
     * Makes the database refuse new connections and drops the open ones ({@code refuse}), or lets
     * it take them again: a database server that goes away and comes back.
     */
    public static void refuseConnections(Database database, boolean refuse) {
        String name = database.url().substring(database.url().lastIndexOf('/') + 1);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + !refuse);
            if (refuse) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND pid <> pg_backend_pid()");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
