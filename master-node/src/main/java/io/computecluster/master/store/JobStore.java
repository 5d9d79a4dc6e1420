package io.computecluster.master.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The few things the masters do to the job store outside Pekko Persistence's journal: create its
 * tables at start, list the jobs it holds, and erase a job that is deleted or past retention.
 * Blocking JDBC: call it off the actors' threads.
 */
public final class JobStore {
    /** Each job's journal is the persistence id {@code job-<id>}. */
    static final String PERSISTENCE_ID_PREFIX = "job-";
    private static final int LOGIN_TIMEOUT_SECONDS = 5;
    private static final int PREPARE_ATTEMPTS = 4;
    private static final java.time.Duration PREPARE_PAUSE = java.time.Duration.ofMillis(500);

    private final StoreSettings settings;

    public JobStore(StoreSettings settings) {
        this.settings = settings;
    }

    /** Where the store is, for messages (its URL, without credentials). */
    public String where() {
        return settings.where();
    }

    public static String persistenceId(String jobId) {
        return PERSISTENCE_ID_PREFIX + jobId;
    }

    /** Connects and creates the journal's tables if missing; one clear line when the store is not usable. */
    public void prepare() {
        if (settings.kind() == StoreSettings.Kind.H2) {
            try {
                Files.createDirectories(settings.h2Folder());
            } catch (IOException e) {
                throw settings.unusable("cannot create the folder " + settings.h2Folder() + ": " + e, e);
            }
        }
        String schema = settings.kind() == StoreSettings.Kind.H2 ? "/store/h2-schema.sql" : "/store/postgresql-schema.sql";
        // Masters started together race for the tables, and for the H2 file's server: try again
        // for a few seconds before calling the store unusable.
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                for (String ddl : statements(schema)) {
                    statement.execute(ddl);
                }
                return;
            } catch (SQLException e) {
                if (attempt == PREPARE_ATTEMPTS) {
                    throw settings.unusable(oneLine(e), e);
                }
            }
            try {
                Thread.sleep(PREPARE_PAUSE.toMillis() * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw settings.unusable("interrupted", e);
            }
        }
    }

    /** The ids of the jobs the store holds. */
    public List<String> jobIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT DISTINCT \"persistence_id\" FROM \"event_journal\" WHERE \"persistence_id\" LIKE ?")) {
            query.setString(1, PERSISTENCE_ID_PREFIX + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1).substring(PERSISTENCE_ID_PREFIX.length()));
                }
            }
        }
        return ids;
    }

    /** Removes a job's journal, definition and results alike; its journal actor must be stopped. */
    public void erase(String jobId) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
            delete.setString(1, persistenceId(jobId));
            delete.executeUpdate();
        }
    }

    /** {@link #jobIds} on {@code executor}, off the caller's (an actor's) thread. */
    public CompletableFuture<List<String>> jobIdsOn(Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return jobIds();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** {@link #erase} on {@code executor}, off the caller's (an actor's) thread. */
    public CompletableFuture<Void> eraseOn(String jobId, Executor executor) {
        return CompletableFuture.runAsync(() -> {
            try {
                erase(jobId);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        return DriverManager.getConnection(settings.url(), properties);
    }

    private static List<String> statements(String resource) {
        try (InputStream in = JobStore.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.strip().startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    String statement = current.toString().strip();
                    statements.add(statement.substring(0, statement.length() - 1));
                    current.setLength(0);
                }
            }
            return statements;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** The message of the innermost cause: the JDBC driver's own words, on one line. */
    public static String oneLine(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
