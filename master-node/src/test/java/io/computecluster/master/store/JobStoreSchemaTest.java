package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.config.ConfigError;
import io.computecluster.common.node.NodeStartException;
import io.computecluster.common.testkit.TestPostgres;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent;
import io.computecluster.master.job.JobSpec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job store's settings, and what a master does to the store at start: Flyway creates and
 * migrates the schema (on H2 and on PostgreSQL, with masters starting together), and a store of
 * an earlier version is refused with one line whose export command works.
 */
class JobStoreSchemaTest {
    /** Pekko Persistence JDBC's journal as earlier versions created it on H2. */
    private static final List<String> EARLIER_H2_SCHEMA = List.of("""
            CREATE TABLE PUBLIC."event_journal" ("ordering" BIGINT UNIQUE NOT NULL AUTO_INCREMENT,
              "deleted" BOOLEAN DEFAULT false NOT NULL, "persistence_id" VARCHAR(255) NOT NULL,
              "sequence_number" BIGINT NOT NULL, "writer" VARCHAR NOT NULL, "write_timestamp" BIGINT NOT NULL,
              "adapter_manifest" VARCHAR NOT NULL, "event_payload" BLOB NOT NULL, "event_ser_id" INTEGER NOT NULL,
              "event_ser_manifest" VARCHAR NOT NULL, "meta_payload" BLOB, "meta_ser_id" INTEGER,
              "meta_ser_manifest" VARCHAR, PRIMARY KEY("persistence_id","sequence_number"))""", """
            CREATE TABLE PUBLIC."event_tag" ("event_id" BIGINT NOT NULL, "tag" VARCHAR NOT NULL,
              PRIMARY KEY("event_id", "tag"), CONSTRAINT fk_event_journal FOREIGN KEY("event_id")
              REFERENCES "event_journal"("ordering") ON DELETE CASCADE)""", """
            INSERT INTO "event_journal" ("persistence_id", "sequence_number", "writer", "write_timestamp",
              "adapter_manifest", "event_payload", "event_ser_id", "event_ser_manifest")
              VALUES ('job-j-old', 1, 'w', 0, '', X'00', 7413002, 'S1')""");
    /** The same on PostgreSQL. */
    private static final List<String> EARLIER_POSTGRES_SCHEMA = List.of("""
            CREATE TABLE public.event_journal (ordering BIGSERIAL, persistence_id VARCHAR(255) NOT NULL,
              sequence_number BIGINT NOT NULL, deleted BOOLEAN DEFAULT FALSE NOT NULL, writer VARCHAR(255) NOT NULL,
              write_timestamp BIGINT, adapter_manifest VARCHAR(255), event_ser_id INTEGER NOT NULL,
              event_ser_manifest VARCHAR(255) NOT NULL, event_payload BYTEA NOT NULL, meta_ser_id INTEGER,
              meta_ser_manifest VARCHAR(255), meta_payload BYTEA, PRIMARY KEY (persistence_id, sequence_number))""",
            "CREATE UNIQUE INDEX event_journal_ordering_idx ON public.event_journal (ordering)", """
            CREATE TABLE public.event_tag (event_id BIGINT, tag VARCHAR(256), PRIMARY KEY (event_id, tag),
              CONSTRAINT fk_event_journal FOREIGN KEY (event_id) REFERENCES event_journal (ordering)
              ON DELETE CASCADE)""");

    @TempDir
    Path dir;

    private StoreSettings h2(Path folder) {
        return StoreTesting.settings(Map.of("compute.store.h2.dir", folder.toString()));
    }

    private static StoreSettings postgres() {
        String unavailable = TestPostgres.unavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        return StoreTesting.settings(TestPostgres.freshDatabase().storeSettings());
    }

    @Test
    void anH2StoreIsCreatedInItsFolderAtThisVersionsSchema() throws Exception {
        StoreSettings settings = h2(dir.resolve("data"));
        JobStoreSchema.prepare(settings);
        JobStoreSchema.prepare(settings);

        assertTrue(Files.exists(dir.resolve("data").resolve("compute.mv.db")), "the database file is under h2.dir");
        Path password = dir.resolve("data").resolve("compute.password");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(password)), "the H2 password is the masters' user's only");
        assertEquals(48, Files.readString(password).strip().length());
        StoreSettings again = h2(dir.resolve("data"));
        assertEquals(Files.readString(password).strip(), again.password(), "every master of the host uses it");
        JobStoreSchema.prepare(again);
        assertAtThisVersion(settings);
    }

    @Test
    void aPostgresStoreIsCreatedAtThisVersionsSchema() throws Exception {
        StoreSettings settings = postgres();
        JobStoreSchema.prepare(settings);
        JobStoreSchema.prepare(settings);

        assertAtThisVersion(settings);
    }

    /** Both migrations applied once; job_events as designed; no table of Pekko Persistence. */
    private static void assertAtThisVersion(StoreSettings settings) throws SQLException {
        try (Connection connection = JobStoreSchema.dataSource(settings).getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet history = statement.executeQuery("SELECT \"version\", \"success\" FROM"
                    + " \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
                assertTrue(history.next());
                assertEquals("1", history.getString(1));
                assertTrue(history.getBoolean(2));
                assertTrue(history.next());
                assertEquals("2", history.getString(1));
                assertTrue(history.getBoolean(2));
                assertFalse(history.next(), "each migration applied once");
            }
            // H2 keeps unquoted names in upper case, PostgreSQL in lower case.
            String table = connection.getMetaData().storesUpperCaseIdentifiers() ? "JOB_EVENTS" : "job_events";
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = connection.getMetaData().getColumns(null, connection.getSchema(), table, null)) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertEquals(List.of("job_id", "seq", "kind", "payload", "written_at"), columns);
            Map<Short, String> key = new java.util.TreeMap<>();
            try (ResultSet rows = connection.getMetaData().getPrimaryKeys(null, connection.getSchema(), table)) {
                while (rows.next()) {
                    key.put(rows.getShort("KEY_SEQ"), rows.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertEquals(List.of("job_id", "seq"), List.copyOf(key.values()));
            try (ResultSet tables = connection.getMetaData().getTables(null, connection.getSchema(), "event%", null)) {
                assertFalse(tables.next(), "no event_journal, no event_tag");
            }
        }
    }

    @Test
    void anH2RowHoldsTheEventsKindAndWhenItWasWritten() throws Exception {
        StoreSettings settings = h2(dir.resolve("data"));
        JobStoreSchema.prepare(settings);
        assertRowsOfTheStore(settings);
    }

    @Test
    void aPostgresRowHoldsTheEventsKindAndWhenItWasWritten() throws Exception {
        StoreSettings settings = postgres();
        JobStoreSchema.prepare(settings);
        assertRowsOfTheStore(settings);
    }

    private static void assertRowsOfTheStore(StoreSettings settings) throws SQLException {
        JdbcJobStore store = new JdbcJobStore(settings, ForkJoinPool.commonPool(), null);
        OffsetDateTime before = OffsetDateTime.now().minusMinutes(1);
        try {
            store.append("j-1", 1, new JobEvent.JobSubmitted("j-1", new JobSpec("square",
                    new InputSource.Range(BigInteger.ONE, BigInteger.TEN), 5), Instant.ofEpochSecond(1)))
                    .toCompletableFuture().join();
            store.append("j-1", 2, new JobEvent.JobCancelled(Instant.ofEpochSecond(2))).toCompletableFuture().join();
        } finally {
            store.close();
        }
        try (Connection connection = JobStoreSchema.dataSource(settings).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT job_id, seq, kind, written_at FROM job_events"
                     + " ORDER BY seq")) {
            for (String kind : List.of("defined", "cancelled")) {
                assertTrue(rows.next());
                assertEquals("j-1", rows.getString("job_id"));
                assertEquals(kind, rows.getString("kind"));
                OffsetDateTime written = rows.getObject("written_at", OffsetDateTime.class);
                assertTrue(written.isAfter(before) && written.isBefore(OffsetDateTime.now().plusMinutes(1)),
                        written.toString());
            }
            assertFalse(rows.next());
        }
    }

    @Test
    void anH2StoreOfAnEarlierVersionIsRefusedInOneLineWhoseExportCommandWorks() throws Exception {
        StoreSettings settings = h2(dir.resolve("data"));
        Files.createDirectories(dir.resolve("data"));
        execute(settings, EARLIER_H2_SCHEMA);

        NodeStartException refused = assertThrows(NodeStartException.class, () -> JobStoreSchema.prepare(settings));

        String message = refused.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.startsWith("the job store jdbc:h2:file:" + dir.resolve("data").resolve("compute")
                + " was written by an earlier version (table event_journal"), message);
        assertTrue(message.contains("move the folder " + dir.resolve("data") + " aside"), message);
        assertTrue(message.endsWith("(compute.store, " + settings.origin() + ")"), message);
        assertUntouched(settings);

        Matcher export = Pattern.compile("export them first with (java .*?\\.sql')").matcher(message);
        assertTrue(export.find(), message);
        Process shell = new ProcessBuilder("bash", "-c", export.group(1)).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, shell.exitValue(), export.group(1) + ": " + output);
        assertTrue(Files.exists(dir.resolve("jobs-before-upgrade.sql")), export.group(1) + ": " + output);
        String script = Files.readString(dir.resolve("jobs-before-upgrade.sql"));
        assertTrue(script.contains("\"event_journal\"") && script.contains("'job-j-old'"), script);

        // Moved aside (the refused master has exited, closing the database): a fresh store in its place.
        execute(settings, List.of("SHUTDOWN"));
        Files.move(dir.resolve("data"), dir.resolve("data-before-upgrade"));
        JobStoreSchema.prepare(h2(dir.resolve("data")));
        assertAtThisVersion(h2(dir.resolve("data")));
    }

    @Test
    void aPostgresStoreOfAnEarlierVersionIsRefusedInOneLineSayingHowToMoveOn() throws Exception {
        StoreSettings settings = postgres();
        execute(settings, EARLIER_POSTGRES_SCHEMA);

        NodeStartException refused = assertThrows(NodeStartException.class, () -> JobStoreSchema.prepare(settings));

        String message = refused.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.startsWith("the job store " + settings.url() + " was written by an earlier version"
                + " (table event_journal"), message);
        assertTrue(message.contains("pg_dump --table=event_journal --table=event_tag"), message);
        assertUntouched(settings);

        Matcher drop = Pattern.compile("\\((DROP TABLE [^)]*)\\)").matcher(message);
        assertTrue(drop.find(), message);
        execute(settings, List.of(drop.group(1)));
        JobStoreSchema.prepare(settings);
        assertAtThisVersion(settings);
    }

    /** A refused store is left as it was: no schema history, no job_events. */
    private static void assertUntouched(StoreSettings settings) throws SQLException {
        try (Connection connection = JobStoreSchema.dataSource(settings).getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, connection.getSchema(), "%", null)) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                // Tables only (H2 says BASE TABLE), not PostgreSQL's indexes and sequences.
                if (tables.getString("TABLE_TYPE").endsWith("TABLE")) {
                    names.add(tables.getString("TABLE_NAME"));
                }
            }
            assertEquals(List.of("event_journal", "event_tag"), names.stream().sorted().toList());
        }
    }

    @Test
    void h2MastersStartedTogetherMigrateTheStoreOnce() throws Exception {
        Path folder = dir.resolve("data");
        startedTogether(() -> h2(folder));
        assertAtThisVersion(h2(folder));
    }

    @Test
    void h2MastersStartedTogetherAgreeOnTheStoresPassword() throws Exception {
        // The race is narrow: many fresh folders, four masters each, released at once.
        ExecutorService masters = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                Path folder = dir.resolve("race-" + round);
                CyclicBarrier together = new CyclicBarrier(4);
                List<Future<String>> passwords = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    passwords.add(masters.submit(() -> {
                        together.await();
                        return h2(folder).password();
                    }));
                }
                Set<String> made = new HashSet<>();
                for (Future<String> password : passwords) {
                    made.add(password.get(30, TimeUnit.SECONDS));
                }
                assertEquals(1, made.size(), "round " + round + ": each master kept a password of its own");
                assertEquals(Set.of(Files.readString(folder.resolve(StoreSettings.H2_PASSWORD_FILE)).strip()), made);
            }
        } finally {
            masters.shutdownNow();
        }
    }

    @Test
    void postgresMastersStartedTogetherMigrateTheStoreOnce() throws Exception {
        StoreSettings settings = postgres();
        startedTogether(() -> settings);
        assertAtThisVersion(settings);
    }

    private static void startedTogether(java.util.function.Supplier<StoreSettings> settings) throws Exception {
        ExecutorService masters = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                started.add(masters.submit(() -> JobStoreSchema.prepare(settings.get())));
            }
            for (Future<?> master : started) {
                master.get(60, TimeUnit.SECONDS);
            }
        } finally {
            masters.shutdownNow();
        }
    }

    private static void execute(StoreSettings settings, List<String> statements) throws SQLException {
        try (Connection connection = JobStoreSchema.dataSource(settings).getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingItAndTheSetting() {
        StoreSettings settings = StoreTesting.settings(Map.of("compute.store.kind", "postgresql",
                "compute.store.postgresql.url", "jdbc:postgresql://127.0.0.1:1/compute"));
        NodeStartException refused = assertThrows(NodeStartException.class, () -> JobStoreSchema.prepare(settings));

        String message = refused.getMessage();
        assertTrue(message.startsWith("the job store jdbc:postgresql://127.0.0.1:1/compute is not usable: "), message);
        assertTrue(message.contains("compute.store"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void anH2FolderThatCannotBeMadeIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        StoreSettings settings = h2(file.resolve("data"));

        NodeStartException refused = assertThrows(NodeStartException.class, () -> JobStoreSchema.prepare(settings));
        assertTrue(refused.getMessage().contains("cannot create the folder " + file.resolve("data")),
                refused.getMessage());
    }

    @Test
    void badSettingsAreConfigErrorsNamingTheKey() {
        ConfigError kind = assertThrows(ConfigError.class,
                () -> StoreTesting.settings(Map.of("compute.store.kind", "mysql")));
        assertTrue(kind.getMessage().contains("compute.store.kind: expected h2 or postgresql, got 'mysql'"),
                kind.getMessage());
        ConfigError url = assertThrows(ConfigError.class, () -> StoreTesting.settings(Map.of("compute.store.kind",
                "postgresql", "compute.store.postgresql.url", "postgres://host/db")));
        assertTrue(url.getMessage().contains("compute.store.postgresql.url: expected a JDBC URL"), url.getMessage());
        ConfigError password = assertThrows(ConfigError.class, () -> StoreTesting.settings(Map.of(
                "compute.store.kind", "postgresql", "compute.store.postgresql.password-file",
                dir.resolve("missing").toString())));
        assertTrue(password.getMessage().contains("compute.store.postgresql.password-file"), password.getMessage());
    }

    @Test
    void theH2StoreIsSharedByTheMastersOfOneHost() {
        StoreSettings settings = h2(dir);

        assertEquals(StoreSettings.Kind.H2, settings.kind());
        assertTrue(settings.url().contains(";AUTO_SERVER=TRUE"), settings.url());
    }
}
