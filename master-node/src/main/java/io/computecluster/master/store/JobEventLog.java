package io.computecluster.master.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.computecluster.common.config.SettingsReader;
import io.computecluster.master.job.JobEvent;
import java.io.NotSerializableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The jobs' events in the job store, one row each in the {@code event_journal} table (the layout
 * of Pekko Persistence JDBC's journal, which earlier versions wrote through): appended with the
 * sequence number their job's journal gives them, replayed in order, and read one at a time by
 * the primary key to serve results. Plain JDBC: a job's journal has one writer (the job manager,
 * a cluster singleton) and knows its next number, so a write is one insert, with no recovery
 * query before it; two writers of one number are refused by the primary key.
 *
 * <p>Reads and writes have a small connection pool each, so that downloads never wait behind
 * writes; each pool is made on first use and closed when the node shuts down. Calls run on the
 * blocking dispatcher, never an actor's thread.
 */
public final class JobEventLog implements Extension {
    private static final int READ_CONNECTIONS = 3;
    private static final int WRITE_CONNECTIONS = 2;
    /** Fails a statement the store does not answer, as the journal's circuit breaker did. */
    private static final int STATEMENT_TIMEOUT_SECONDS = 10;
    /** Rows fetched at a time when a job is replayed: a PostgreSQL driver otherwise reads them all first. */
    private static final int REPLAY_FETCH_SIZE = 16;

    public static final ExtensionId<JobEventLog> ID = new ExtensionId<>() {
        @Override
        public JobEventLog createExtension(ActorSystem<?> system) {
            return new JobEventLog(system);
        }
    };

    private final StoreSettings settings;
    private final Executor blocking;
    private final JobEventSerializer serializer = new JobEventSerializer();
    /** The {@code writer} column: which node process wrote a row. */
    private final String writer = UUID.randomUUID().toString();
    private volatile HikariDataSource readPool;
    private volatile HikariDataSource writePool;

    private JobEventLog(ActorSystem<?> system) {
        this(StoreSettings.from(new SettingsReader(system.settings().config())),
                system.dispatchers().lookup(DispatcherSelector.blocking()));
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
                "close-job-event-log", () -> {
                    close();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
    }

    JobEventLog(StoreSettings settings, Executor blocking) {
        this.settings = settings;
        this.blocking = blocking;
    }

    public static JobEventLog get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** Event {@code sequenceNr} of job {@code jobId}. */
    public CompletionStage<JobEvent> read(String jobId, long sequenceNr) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readNow(jobId, sequenceNr);
            } catch (SQLException | NotSerializableException e) {
                throw failure("cannot read event " + sequenceNr + " of job " + jobId, e);
            }
        }, blocking);
    }

    /**
     * Every event of job {@code jobId} in order, results without their values
     * ({@link JobEvent.ChunksCompleted#withoutValues}): event {@code i} has sequence number
     * {@code i + 1}. Empty for a job the store does not hold.
     */
    public CompletionStage<List<JobEvent>> replay(String jobId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return replayNow(jobId);
            } catch (SQLException | NotSerializableException e) {
                throw failure("cannot read job " + jobId + " back", e);
            }
        }, blocking);
    }

    /** Stores {@code event} as event {@code sequenceNr} of job {@code jobId}; fails if that number is taken. */
    public CompletionStage<Void> append(String jobId, long sequenceNr, JobEvent event) {
        // Encoded there too: a list of millions of inputs takes a while, and the caller is an actor or a route.
        return CompletableFuture.runAsync(() -> {
            try {
                appendNow(jobId, sequenceNr, serializer.toBinary(event), serializer.manifest(event));
            } catch (SQLException e) {
                throw failure("cannot write event " + sequenceNr + " of job " + jobId, e);
            }
        }, blocking);
    }

    private JobEvent readNow(String jobId, long sequenceNr) throws SQLException, NotSerializableException {
        try (Connection connection = pool(false).getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT \"event_ser_manifest\", \"event_payload\""
                     + " FROM \"event_journal\" WHERE \"persistence_id\" = ? AND \"sequence_number\" = ?"
                     + " AND \"deleted\" = false")) {
            query.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            query.setString(1, JobStore.persistenceId(jobId));
            query.setLong(2, sequenceNr);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("event " + sequenceNr + " of job " + jobId
                            + " is not in the job store " + settings.where());
                }
                return (JobEvent) serializer.fromBinary(row.getBytes(2), row.getString(1));
            }
        }
    }

    private List<JobEvent> replayNow(String jobId) throws SQLException, NotSerializableException {
        List<JobEvent> events = new ArrayList<>();
        try (Connection connection = pool(false).getConnection()) {
            // A cursor, not every row at once (PostgreSQL fetches in batches only inside a transaction).
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement("SELECT \"sequence_number\","
                    + " \"event_ser_manifest\", \"event_payload\" FROM \"event_journal\" WHERE \"persistence_id\" = ?"
                    + " AND \"deleted\" = false ORDER BY \"sequence_number\"")) {
                query.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                query.setFetchSize(REPLAY_FETCH_SIZE);
                query.setString(1, JobStore.persistenceId(jobId));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        long sequenceNr = rows.getLong(1);
                        if (sequenceNr != events.size() + 1) {
                            throw new IllegalStateException("job " + jobId + " has event " + sequenceNr + " after "
                                    + events.size() + " events in the job store " + settings.where());
                        }
                        JobEvent event = (JobEvent) serializer.fromBinary(rows.getBytes(3), rows.getString(2));
                        events.add(event instanceof JobEvent.ChunksCompleted completed
                                ? completed.withoutValues() : event);
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        return events;
    }

    private void appendNow(String jobId, long sequenceNr, byte[] payload, String manifest) throws SQLException {
        try (Connection connection = pool(true).getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO \"event_journal\""
                     + " (\"persistence_id\", \"sequence_number\", \"deleted\", \"writer\", \"write_timestamp\","
                     + " \"adapter_manifest\", \"event_ser_id\", \"event_ser_manifest\", \"event_payload\")"
                     + " VALUES (?, ?, false, ?, ?, '', ?, ?, ?)")) {
            insert.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            insert.setString(1, JobStore.persistenceId(jobId));
            insert.setLong(2, sequenceNr);
            insert.setString(3, writer);
            insert.setLong(4, System.currentTimeMillis());
            insert.setInt(5, serializer.identifier());
            insert.setString(6, manifest);
            insert.setBytes(7, payload);
            insert.executeUpdate();
        }
    }

    private CompletionException failure(String what, Exception cause) {
        return new CompletionException(new IllegalStateException(what + " in the job store " + settings.where() + ": "
                + JobStore.oneLine(cause), cause));
    }

    private HikariDataSource pool(boolean writes) {
        HikariDataSource open = writes ? writePool : readPool;
        if (open == null) {
            synchronized (this) {
                open = writes ? writePool : readPool;
                if (open == null) {
                    HikariConfig config = new HikariConfig();
                    config.setPoolName(writes ? "job-event-writes" : "job-event-reads");
                    config.setJdbcUrl(settings.url());
                    config.setUsername(settings.user());
                    config.setPassword(settings.password());
                    config.setMaximumPoolSize(writes ? WRITE_CONNECTIONS : READ_CONNECTIONS);
                    config.setMinimumIdle(0);
                    config.setConnectionTimeout(5_000);
                    config.setValidationTimeout(3_000);
                    config.setReadOnly(!writes);
                    // Connect on first use, not here: a store that is down fails that call alone.
                    config.setInitializationFailTimeout(-1);
                    open = new HikariDataSource(config);
                    if (writes) {
                        writePool = open;
                    } else {
                        readPool = open;
                    }
                }
            }
        }
        return open;
    }

    synchronized void close() {
        for (HikariDataSource open : new HikariDataSource[] {readPool, writePool}) {
            if (open != null) {
                open.close();
            }
        }
    }
}
