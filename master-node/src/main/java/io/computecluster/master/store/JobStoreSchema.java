package io.computecluster.master.store;

import io.computecluster.common.node.NodeStartException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job store's tables, created and brought to this version's schema by Flyway at every master's
 * start, before the node joins the cluster: the migrations are {@code db/migration/V*.sql} on the
 * class path, and Flyway records those applied in {@code flyway_schema_history}. Masters started
 * together may migrate at once: on PostgreSQL Flyway locks the history table, and the masters of an
 * H2 file take turns; a failed attempt is tried again for a few seconds before the store is called
 * unusable.
 *
 * <p>A store written by an earlier version (Pekko Persistence JDBC's {@code event_journal}) is
 * not read: the master stops with one line saying how to export it and move it aside.
 */
public final class JobStoreSchema {
    private static final Logger log = LoggerFactory.getLogger(JobStoreSchema.class);
    static final String MIGRATIONS = "classpath:db/migration";
    /** The journal table of the versions that stored jobs through Pekko Persistence JDBC. */
    static final String EARLIER_TABLE = "event_journal";
    private static final int LOGIN_TIMEOUT_SECONDS = 5;
    private static final int ATTEMPTS = 4;
    private static final Duration PAUSE = Duration.ofMillis(500);
    /** The lock file the masters of one host take turns with to migrate their H2 file. */
    static final String MIGRATION_LOCK = "compute.migration.lock";
    private static final Object H2_MIGRATIONS_IN_THIS_JVM = new Object();

    private JobStoreSchema() {
    }

    /**
     * Connects, refuses a store of an earlier version, and migrates the schema to this version's.
     *
     * @throws NodeStartException with one line when the store cannot be used
     */
    public static void prepare(StoreSettings settings) {
        if (settings.kind() == StoreSettings.Kind.H2) {
            try {
                Files.createDirectories(settings.h2Folder());
            } catch (IOException e) {
                throw settings.unusable("cannot create the folder " + settings.h2Folder() + ": " + e, e);
            }
        }
        if (settings.kind() != StoreSettings.Kind.H2) {
            migrate(settings);
            return;
        }
        // H2 creates tables outside transactions: two masters migrating one new file at once can
        // leave a failed migration in its history that no later start gets past. The masters of a
        // host share the file, so they take turns through a lock file beside it (and the threads of
        // one JVM, which a file lock does not tell apart, through a lock of their own).
        Path lockFile = settings.h2Folder().resolve(MIGRATION_LOCK);
        synchronized (H2_MIGRATIONS_IN_THIS_JVM) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                migrate(settings);
            } catch (IOException e) {
                throw settings.unusable("cannot lock " + lockFile + " for the migration: " + e.getMessage(), e);
            }
        }
    }

    private static void migrate(StoreSettings settings) {
        DataSource source = dataSource(settings);
        // Masters started together race for the tables, and for the H2 file's server: try again
        // for a few seconds before calling the store unusable.
        for (int attempt = 1; ; attempt++) {
            try {
                refuseEarlierStore(source, settings);
                MigrateResult result = flyway(settings, source).migrate();
                if (result.migrationsExecuted > 0) {
                    log.info("The job store {} is at schema version {} (was {}; {} migrations applied)",
                            settings.where(), result.targetSchemaVersion,
                            result.initialSchemaVersion == null ? "empty" : result.initialSchemaVersion,
                            result.migrationsExecuted);
                }
                return;
            } catch (SQLException | FlywayException e) {
                if (attempt == ATTEMPTS) {
                    throw settings.unusable(JobStore.oneLine(e), e);
                }
            }
            try {
                Thread.sleep(PAUSE.toMillis() * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw settings.unusable("interrupted", e);
            }
        }
    }

    static Flyway flyway(StoreSettings settings, DataSource source) {
        return Flyway.configure(JobStoreSchema.class.getClassLoader())
                .dataSource(source)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                // The only column type the two databases spell differently: H2 keeps a BLOB out of
                // its row, as large results need; PostgreSQL's BYTEA is toasted anyway.
                .placeholders(Map.of("bytes", settings.kind() == StoreSettings.Kind.H2 ? "BLOB" : "BYTEA"))
                .load();
    }

    /**
     * One connection at a time from the driver itself, for the few statements of the start: the
     * pools of {@link JdbcJobStore} are for the node's work.
     */
    static DataSource dataSource(StoreSettings settings) {
        if (settings.kind() == StoreSettings.Kind.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(settings.url());
            h2.setUser(settings.user());
            h2.setPassword(settings.password());
            h2.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
            return h2;
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(settings.url());
        postgres.setUser(settings.user());
        postgres.setPassword(settings.password());
        postgres.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        return postgres;
    }

    private static void refuseEarlierStore(DataSource source, StoreSettings settings) throws SQLException {
        try (Connection connection = source.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            String escape = metadata.getSearchStringEscape();
            String table = EARLIER_TABLE.replace("_", escape + "_");
            try (ResultSet tables = metadata.getTables(null, connection.getSchema(), table, null)) {
                if (tables.next()) {
                    throw new NodeStartException(earlierStore(settings), null);
                }
            }
        }
    }

    /** What to do with a store of an earlier version, on one line. */
    static String earlierStore(StoreSettings settings) {
        String what = "the job store " + settings.where() + " was written by an earlier version (table "
                + EARLIER_TABLE + ", Pekko Persistence's layout) and this version cannot read it: ";
        String how;
        if (settings.kind() == StoreSettings.Kind.H2) {
            Path folder = settings.h2Folder();
            how = "move the folder " + folder + " aside (or set compute.store.h2.dir to another) to start with an"
                    + " empty store; to keep its jobs, export them first with java -cp " + quoted(h2Jar())
                    + " org.h2.tools.Script -url " + quoted(settings.url()) + " -user " + settings.user()
                    + " -password \"$(cat " + quoted(folder.resolve(StoreSettings.H2_PASSWORD_FILE)) + ")\" -script "
                    // A full path: a master still holding the store (AUTO_SERVER) writes the file itself.
                    + quoted(folder.resolveSibling("jobs-before-upgrade.sql"));
        } else {
            how = "export its jobs if you want them (pg_dump --table=event_journal --table=event_tag DATABASE"
                    + " > jobs-before-upgrade.sql), then drop those tables (DROP TABLE IF EXISTS event_tag,"
                    + " event_journal) or set compute.store.postgresql.url to another database";
        }
        return what + how + " (compute.store, " + settings.origin() + ")";
    }

    /** For a shell. */
    private static String quoted(Object path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /** The jar that holds H2's tools: the node's own jar in an installation. */
    private static String h2Jar() {
        try {
            return Path.of(org.h2.tools.Script.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException | RuntimeException e) {
            return "compute-cluster.jar";
        }
    }
}
